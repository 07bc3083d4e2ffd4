/**
 * Named technologies in canonical casing. Synonyms map to one name (Postgres → PostgreSQL).
 * Names that are ordinary words in lower case (REST, Go, Rust, Node) match case-sensitively.
 */
const TECHNOLOGIES: [string, RegExp][] = [
  ['TypeScript', /\btypescript\b|\bTS\b/i],
  ['JavaScript', /\bjavascript\b/i],
  ['Node.js', /\b[Nn]ode\.?[Jj][Ss]\b|\bNode\b/],
  ['NestJS', /\bnest\.?js\b/i],
  ['Express', /\bExpress(\.js)?\b(?!\s+(checkout|delivery|shipping))/],
  ['Next.js', /\bnext\.js\b/i],
  ['React Native', /\breact native\b/i],
  ['React', /\breact\b(?!\s+native)/i],
  ['Vue', /\bvue(\.js)?\b/i],
  ['Angular', /\bangular\b/i],
  ['Svelte', /\bsvelte(kit)?\b/i],
  ['Python', /\bpython\b/i],
  ['Django', /\bdjango\b/i],
  ['Flask', /\bflask\b/i],
  ['FastAPI', /\bfastapi\b/i],
  ['Ruby on Rails', /\b[Rr]uby on Rails\b|\bRails\b/],
  ['Ruby', /\bruby\b(?!\s+on\s+rails)/i],
  ['Go', /\bgolang\b|\bGo\b(?=\s+(service|services|backend|module|modules|code|1\.\d+))/],
  ['Rust', /\bRust\b/],
  ['Java', /\bJava\b(?!Script)/],
  ['Kotlin', /\bkotlin\b/i],
  ['Swift', /\bSwift\b/],
  ['Flutter', /\bflutter\b/i],
  ['PostgreSQL', /\bpostgres(ql)?\b/i],
  ['MySQL', /\bmysql\b/i],
  ['SQLite', /\bsqlite\b/i],
  ['MongoDB', /\bmongo(db)?\b/i],
  ['DynamoDB', /\bdynamodb\b/i],
  ['Redis', /\bredis\b/i],
  ['Elasticsearch', /\belasticsearch\b/i],
  ['IndexedDB', /\bindexeddb\b/i],
  ['Kafka', /\bkafka\b/i],
  ['RabbitMQ', /\brabbitmq\b/i],
  ['NATS', /\bNATS\b/],
  ['BullMQ', /\bbullmq\b/i],
  ['S3', /\b(amazon |aws )?S3\b/],
  ['AWS', /\bAWS\b/],
  ['GCP', /\bGCP\b|\bgoogle cloud\b/i],
  ['Azure', /\bazure\b/i],
  ['Docker', /\bdocker\b/i],
  ['Kubernetes', /\bkubernetes\b|\bk8s\b/i],
  ['Terraform', /\bterraform\b/i],
  ['GraphQL', /\bgraphql\b/i],
  ['REST', /\bREST(ful)?\b/],
  ['gRPC', /\bgrpc\b/i],
  ['WebSocket', /\bwebsockets?\b/i],
  ['OAuth', /\boauth\s?2?(\.0)?\b/i],
  ['OpenID Connect', /\b(openid connect|oidc)\b/i],
  ['SAML', /\bsaml\b/i],
  ['Auth0', /\bauth0\b/i],
  ['Okta', /\bokta\b/i],
  ['Stripe', /\bstripe\b/i],
  ['Twilio', /\btwilio\b/i],
  ['SendGrid', /\bsendgrid\b/i],
  ['Postmark', /\bpostmark\b/i],
  ['Slack', /\bSlack\b/],
  ['Firebase', /\bfirebase\b/i],
  ['Sentry', /\bsentry\b/i],
  ['Datadog', /\bdatadog\b/i],
  ['Prometheus', /\bprometheus\b/i],
  ['OpenTelemetry', /\bopentelemetry\b/i],
  ['Prisma', /\bprisma\b/i],
  ['TypeORM', /\btypeorm\b/i],
  ['Jest', /\bJest\b/],
  ['Playwright', /\bplaywright\b/i],
  ['Cypress', /\bcypress\b/i],
  ['Tailwind CSS', /\btailwind(css)?\b/i],
  ['OpenAI', /\bopenai\b/i],
];

/** Technologies named in `text`, ordered by first mention (table order breaks ties). */
export function detectTechnologies(text: string): string[] {
  const found: { name: string; at: number; rank: number }[] = [];
  TECHNOLOGIES.forEach(([name, pattern], rank) => {
    const at = text.search(pattern);
    if (at >= 0) found.push({ name, at, rank });
  });
  return found.sort((a, b) => a.at - b.at || a.rank - b.rank).map((t) => t.name);
}
