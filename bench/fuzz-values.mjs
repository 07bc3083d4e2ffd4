// Fixed values for the fuzz arbitraries (bench/fuzz-arbitraries.mjs): hostile strings, broken
// JSON, and valid values the OpenAPI schemas cannot express. Tokens, resolved when sent
// (bench/fuzz-send.mjs), stand for what only the run knows or what is too big to keep 10,000 times:
//   @@ref:<pool>:<n>@@   the n-th real id of a pool (workflows, tickets, …)
//   "@@huge:<n>:<c>@@"   a JSON string of n × c;  "@@deep:<n>@@"  n nested arrays

export const ref = (pool, n) => `@@ref:${pool}:${n}@@`;
export const huge = (n, c = 'a') => `@@huge:${n}:${c}@@`;
export const deep = (n) => `@@deep:${n}@@`;

/** Pools of real ids the seeding fills in (bench/fuzz-seed.mjs); `b…` pools are tenant B's. */
export const POOLS = [
  'workflows',
  'tickets',
  'handoffs',
  'executions',
  'templates',
  'templatesToDelete',
  'webhooks',
  'webhooksToDelete',
  'deliveries',
  'questions',
  'seqs',
  'bWorkflows',
];

/** Strings that trip parsers, routers, id checks and queries. */
export const NASTY = [
  '',
  ' ',
  '..',
  '.',
  '../..',
  '%',
  '%zz',
  '%E0%A4%A',
  '%00',
  '%2e%2e',
  '%2F',
  '\u0000',
  '\r\n',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e400',
  '99999999999999999999',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'toString',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '${7*7}',
  '{{constructor.constructor("x")()}}',
  '../../etc/passwd',
  'FG-1',
  'fg-1',
  'FG-99999999999999999999',
  'Q1',
  'Q99999999999999999999',
  'ÿ',
  '日本語',
  '😀',
  '\u202e',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA',
  '{12345678-1234-4234-8234-123456789012}',
  '12345678-1234-4234-8234-1234567890123',
];

/** Valid-looking text with what storage or renderers trip on: NUL, controls, surrogates, template syntax. */
export const TRICKY_TEXT = [
  'a\u0000b',
  '\u0000',
  'x\u0001\u001f\u007f',
  '\ud800',
  'ok\r\nSet-Cookie: x=1',
  '{{constructor}}',
  '{{#each tickets}}{{/each}}',
  '{{> partial}}',
  '{{{epicTitle}}}',
  "'; DROP TABLE workflow; --",
];

/** Wrong-typed replacements for a field. */
export const WRONG = [null, 0, -1, 1.5, 1e308, true, false, '', 'x', [], {}, [null], { a: 1 }];

/** Bodies that are not JSON, or JSON that parsers disagree on. */
export const INVALID_JSON = [
  '{',
  '{"goal":',
  "{'a':1}",
  '{"a":1,}',
  '[1,2',
  'nul',
  'NaN',
  '{"a":1}{"b":2}',
  '\u0000',
  '\ufeff{}',
  '{"a":"\\ud800"}',
  '{"__proto__":{"polluted":1}}',
  '{"a":1e99999}',
  'a=1&b=2',
  '<xml/>',
];

/** Webhook URLs to be refused, or a closed loopback port: never a host off this machine. */
export const BAD_URLS = [
  'http://127.0.0.1:1/closed',
  'http://localhost:1/x',
  'ftp://127.0.0.1/',
  'http://u:p@127.0.0.1/',
  'javascript:alert(1)',
  'http://',
  '//127.0.0.1/x',
];

/** Handoff templates that pass validation (they use the required sections). */
export const SOURCES = [
  '{{epicTitle}}\n{{#each tickets}}- {{key}} {{title}}\n{{/each}}',
  'Epic: {{epicTitle}}\n{{#each tickets}}{{#if key}}* {{key}}{{/if}}\n{{/each}}',
];

/** Sections a ticket template may require (ticket-gen's ticket-sections.ts). */
export const SECTIONS = [
  'description',
  'acceptanceCriteria',
  'implementationSteps',
  'files',
  'reproductionSteps',
  'testPlan',
];

/** Event types a webhook may subscribe to. */
export const EVENTS = ['goal.submitted', 'goal.analyzed', 'spec.created', 'tickets.generated', 'workflow.failed'];
