import type { FileChange, SpecOutput } from '@flowguard/contracts';
import type { BuiltRequirement, NonFunctionalRequirement } from './spec-requirements';
import { joinList, truncateWords } from './spec-text';

type Risk = SpecOutput['risks'][number];
type Level = Risk['probability'];

interface RiskRule {
  re: RegExp;
  probability: Level;
  impact: Level;
  description: string;
  mitigation: string;
  contingency: string;
}

/**
 * Risks that come with what a plan touches. A rule fires when the PRD mentions its topic; the
 * FRs it affects are named so the risk reads as this plan's risk, not a generic checklist.
 */
const PAYMENTS = /\bstripe|\bpayments?\b|\bbilling\b|\bcharges?\b|\bsubscriptions?\b|\bcheckout/i;
const ENCRYPTION = /\bencrypt|end-to-end|\be2e\b|\bcrypto/i;
const SYNC = /\bsync|\boffline\b|\bconflicts?\b/i;

const RULES: RiskRule[] = [
  {
    re: PAYMENTS,
    probability: 'medium',
    impact: 'high',
    description: 'Payment provider events arrive late, twice or out of order, so local billing state drifts',
    mitigation:
      "Handle webhooks idempotently keyed by event id, verify signatures, reconcile with the provider's API daily",
    contingency: 'Pause webhook processing, replay events from the provider after the fix, credit mis-billed customers',
  },
  {
    re: /\bprorat/i,
    probability: 'medium',
    impact: 'high',
    description: "Proration amounts differ from the provider's calculation",
    mitigation: 'Use provider-side proration previews and fixed test cases for upgrades, downgrades and seat changes',
    contingency: 'Apply changes at the next renewal instead of mid-cycle and refund the differences',
  },
  {
    re: /\bpci\b|card numbers?|cardholder|card data/i,
    probability: 'low',
    impact: 'high',
    description: 'Card data reaches our servers or logs and widens PCI scope',
    mitigation: "Collect cards only through the provider's hosted fields and scrub payment fields from logs",
    contingency: 'Purge the affected logs and storage, inform the provider and follow the incident response plan',
  },
  {
    re: /\bdunning|failed payments?|payment fails|past due/i,
    probability: 'medium',
    impact: 'medium',
    description: 'Dunning reminders or suspensions hit customers who have already paid',
    mitigation: 'Drive dunning from the provider payment state rather than local timers; dry-run it on staging',
    contingency: 'Pause dunning and restore access for the affected customers',
  },
  {
    re: ENCRYPTION,
    probability: 'low',
    impact: 'high',
    description: 'A lost key or a key-handling bug makes user data unreadable',
    mitigation: 'Use a vetted library (libsodium or WebCrypto), test encrypt/decrypt round-trips and key recovery',
    contingency: 'Stop the rollout, keep every previous key version readable and ship a recovery path',
  },
  {
    re: SYNC,
    probability: 'high',
    impact: 'high',
    description: 'Concurrent offline edits conflict and data is silently lost during sync',
    mitigation: 'Version every record, detect conflicts explicitly, keep both versions when unsure, fuzz-test sync',
    contingency: 'Disable sync with the flag; devices keep their local copies; restore from server-side history',
  },
  {
    re: /\bexports?\b|\bcsv\b/i,
    probability: 'medium',
    impact: 'medium',
    description: 'Large exports exhaust memory or time out',
    mitigation: "Stream rows instead of buffering, cap the size, and test with the largest tenant's data volume",
    contingency: 'Lower the row cap or switch to a background export delivered by link',
  },
  {
    re: /\badmins?\b|\broles?\b|\bpermissions?\b|access control/i,
    probability: 'low',
    impact: 'high',
    description: 'A permission check is missed and users see or change data they should not',
    mitigation: 'Enforce checks server-side and test each role against each endpoint',
    contingency: 'Turn the flag off and audit the access logs for the exposure window',
  },
  {
    re: /\bemail(s|ed)?\b|\bnotifications?\b/i,
    probability: 'low',
    impact: 'medium',
    description: 'Notifications are sent twice or to the wrong recipients',
    mitigation: 'Deduplicate sends by a message key and test recipient selection',
    contingency: 'Stop the sender queue and send a correction to affected recipients',
  },
];

export interface RiskContext {
  goal: string;
  technologies: string[];
  frs: BuiltRequirement[];
  nfrs: NonFunctionalRequirement[];
  fileChanges: FileChange[];
  entities: string[];
  openQuestions: string[];
  maxRisks: number;
}

function affected(frs: BuiltRequirement[], re: RegExp): string {
  const ids = frs.filter((b) => re.test(`${b.parsed.text} ${b.fr.statement}`)).map((b) => b.fr.id);
  return ids.length ? ` (affects ${ids.slice(0, 4).join(', ')}${ids.length > 4 ? ' and more' : ''})` : '';
}

export function buildRisks(ctx: RiskContext): Risk[] {
  const text = `${ctx.goal}\n${ctx.technologies.join(' ')}`;
  const risks: Risk[] = RULES.filter((r) => r.re.test(text)).map((r) => ({
    description: `${r.description}${affected(ctx.frs, r.re)}.`,
    probability: r.probability,
    impact: r.impact,
    mitigation: `${r.mitigation}.`,
    contingency: `${r.contingency}.`,
  }));
  if (ctx.entities.length) {
    risks.push({
      description: `The migration adding ${joinList(ctx.entities)} locks tables or fails on production data.`,
      probability: 'low',
      impact: 'medium',
      mitigation: 'Keep the migration additive and reversible; rehearse it on a production-sized copy.',
      contingency: 'Run the down migration and redeploy the previous version.',
    });
  }
  // Files several requirements change at once are where parallel tickets collide; the two
  // busiest existing files are named, the rest would repeat the same advice.
  const busy = ctx.fileChanges
    .filter((c) => c.action === 'modify')
    .map((f) => ({ f, ids: [...new Set(f.description.match(/FR-\d{3}/g) ?? [])] }))
    .filter((x) => x.ids.length >= 3)
    .sort((a, b) => b.ids.length - a.ids.length)
    .slice(0, 2);
  for (const { f, ids } of busy) {
    risks.push({
      description: `${f.path} changes for ${joinList(ids)}; parallel work on it will conflict.`,
      probability: 'medium',
      impact: 'low',
      mitigation: `Sequence the tickets that touch ${f.path}, or extract the new logic into its own file first.`,
      contingency: 'Merge in small pull requests behind the feature flag and rebase often.',
    });
  }
  for (const n of ctx.nfrs) {
    risks.push({
      description: `${n.id} (${n.category}) is not met: ${truncateWords(
        n.statement.replace(/^The system (MUST|SHOULD|MAY)( NOT)? (ensure that )?/, (_, _m, not: string | undefined) =>
          not ? 'the system does not ' : '',
        ),
        200,
      )}`,
      probability: 'medium',
      impact: /secur|privacy|complian|pci/i.test(n.category) ? 'high' : 'medium',
      mitigation: `Add an automated check for ${n.id} in the first phase and measure it on every build.`,
      contingency: 'Keep the flag limited to internal users until the requirement is met.',
    });
  }
  if (ctx.openQuestions.length) {
    risks.push({
      description: `${ctx.openQuestions.length} open question(s) may change the scope after work has started.`,
      probability: 'medium',
      impact: 'medium',
      mitigation: 'Get answers before the phase that depends on them starts; the assumptions section records defaults.',
      contingency: 'Re-plan the affected phase and regenerate its tickets.',
    });
  }
  if (risks.length === 0) {
    risks.push({
      description: 'The goal leaves behaviour unstated, so the result may not match what was meant.',
      probability: 'medium',
      impact: 'low',
      mitigation: 'Review the assumptions and acceptance scenarios with the requester before implementation.',
      contingency: 'Adjust behind the feature flag before enabling it for everyone.',
    });
  }
  return risks.slice(0, ctx.maxRisks);
}

export function buildRollbackPlan(ctx: RiskContext, featureFlag: string, feature: string): string {
  const steps = [
    `1. Turn off the feature flag ${featureFlag}; the ${feature} stops without a deploy.`,
    `2. If the flag cannot contain the problem, redeploy the previous version of every service and app that shipped the ${feature}.`,
  ];
  const modified = ctx.fileChanges.filter((f) => f.action !== 'create').map((f) => f.path);
  if (modified.length) steps.push(`3. Revert the changes to ${joinList(modified.slice(0, 5))} in that redeploy.`);
  if (ctx.entities.length) {
    steps.push(
      `${steps.length + 1}. The migration only adds ${joinList(ctx.entities)}, so the previous version runs with it in place; run its down migration only after exporting any data written meanwhile.`,
    );
  }
  const text = `${ctx.goal} ${ctx.technologies.join(' ')}`;
  if (PAYMENTS.test(text)) {
    steps.push(
      `${steps.length + 1}. Stop processing provider webhooks for the new flow; the provider keeps the events, so they can be replayed once fixed.`,
    );
  }
  if (ENCRYPTION.test(text)) {
    steps.push(
      `${steps.length + 1}. Never roll clients back past a version that can read data already encrypted by the new one.`,
    );
  }
  if (SYNC.test(text)) {
    steps.push(`${steps.length + 1}. With sync disabled, devices keep working on local data and resync after the fix.`);
  }
  return steps.join('\n');
}
