import type { FileChange, SpecOutput } from '@flowguard/contracts';
import { frsByComponent } from './spec-plan';
import type { BuiltRequirement, NonFunctionalRequirement } from './spec-requirements';
import { PHASE_NAMES } from './spec-sizing';
import { joinList, listIds, truncateWords } from './spec-text';

type Phase = SpecOutput['phases'][number];

const LEVEL_RANK = { MUST: 0, SHOULD: 1, MAY: 2 } as const;

/** How each NFR category is checked; unknown categories still get a named check. */
const NFR_CHECKS: Array<[RegExp, string]> = [
  [/perf|latency|speed|scal|throughput/i, 'a load test with the stated targets in CI'],
  [/secur|privacy|pci|complian|encrypt/i, 'an automated security scan plus a reviewed threat model'],
  [/reliab|availab|resilien|durab|offline/i, 'failure-injection tests (network loss, restarts)'],
  [/access/i, 'automated accessibility checks (axe) and a keyboard-only walkthrough'],
  [/observ|monitor|log/i, 'assertions that the metrics and logs are emitted'],
];

function scenarioLine(b: BuiltRequirement): string {
  const s = b.fr.scenarios[0];
  return truncateWords(`WHEN ${s.when} THEN ${s.then}`, 160);
}

/** MUST first, then SHOULD, then MAY; each phase gets a contiguous share, earliest phases the MUSTs. */
function distribute(frs: BuiltRequirement[], count: number): BuiltRequirement[][] {
  const sorted = frs
    .map((b, i) => ({ b, i }))
    .sort((x, y) => LEVEL_RANK[x.b.fr.level] - LEVEL_RANK[y.b.fr.level] || x.i - y.i)
    .map((x) => x.b);
  const size = Math.ceil(sorted.length / count);
  return Array.from({ length: count }, (_, k) => sorted.slice(k * size, (k + 1) * size));
}

export interface PhaseContext {
  frs: BuiltRequirement[];
  nfrs: NonFunctionalRequirement[];
  phases: number;
  entities: string[];
  featureFlag: string;
}

export function buildPhases(ctx: PhaseContext): Phase[] {
  const { frs, nfrs, entities, featureFlag } = ctx;
  const names = PHASE_NAMES[ctx.phases] ?? PHASE_NAMES[1];
  const shares = distribute(frs, names.length);
  return names.map((name, k) => {
    const first = k === 0;
    const last = k === names.length - 1;
    const own = shares[k];
    const deliverables = own.map((b) => `${b.fr.id} ${b.fr.title}`);
    const automated = own.map((b) => `Unit and integration tests for ${b.fr.id} pass (${scenarioLine(b)})`);
    const manual = own.slice(0, 2).map((b) => `Walk through ${b.fr.id} on staging: ${scenarioLine(b)}`);
    if (first) {
      deliverables.unshift(`Feature flag ${featureFlag}, off by default`);
      if (entities.length) {
        deliverables.unshift(`Data model and reversible migration for ${joinList(entities)}`);
        automated.push('The migration runs up and down cleanly against a copy of production-shaped data');
      }
    }
    if (last) {
      for (const n of nfrs) {
        const check = NFR_CHECKS.find(([re]) => re.test(`${n.category} ${n.statement}`))?.[1];
        deliverables.push(`${n.id} (${n.category}) verified`);
        automated.push(`${n.id} (${n.category}) is checked by ${check ?? 'a dedicated automated test'}`);
      }
      deliverables.push(`Rollout of ${featureFlag}: internal users first, then everyone`);
      manual.push('The product owner accepts the feature on staging with the flag on');
      manual.push('Error rates and key metrics stay normal for 24 hours after the flag is enabled');
    }
    if (deliverables.length === 0) {
      // Fewer requirements than phases: the middle phase hardens what the first one shipped.
      const ids = listIds(frs.map((b) => b.fr.id));
      deliverables.push(`Error handling and edge cases for ${ids}`);
      automated.push(`Negative-path tests for ${ids} pass`);
    }
    automated.push('Lint, type-check and the existing test suite pass');
    if (manual.length === 0) manual.push(`Review the ${name.toLowerCase()} changes on staging against the spec`);
    return { name, deliverables, successCriteria: { automated, manual } };
  });
}

function isUserFacing(b: BuiltRequirement): boolean {
  return (
    b.parsed.kind === 'story' || b.parsed.kind === 'actor' || /\b(page|screen|button|ui|view)\b/i.test(b.fr.statement)
  );
}

export function buildTestingStrategy(
  frs: BuiltRequirement[],
  nfrs: NonFunctionalRequirement[],
  components: string[],
  fileChanges: FileChange[],
): string {
  const byComponent = frsByComponent(frs, components);
  const lines = ['Every GIVEN/WHEN/THEN scenario becomes an automated acceptance test named after its FR id.'];
  for (const c of components) {
    const own = byComponent.get(c) ?? [];
    if (own.length === 0) continue;
    const ids = listIds(own.map((b) => b.fr.id));
    const e2e = own.filter(isUserFacing).map((b) => b.fr.id);
    lines.push(
      `${c}: unit tests for its rules and integration tests against real dependencies for ${ids}` +
        (e2e.length ? `; end-to-end tests for the user flows of ${listIds(e2e)}.` : '.'),
    );
  }
  for (const n of nfrs) {
    const check = NFR_CHECKS.find(([re]) => re.test(`${n.category} ${n.statement}`))?.[1];
    lines.push(`${n.id} (${n.category}): ${check ?? 'a dedicated automated test or review'}.`);
  }
  const modified = fileChanges.filter((f) => f.action === 'modify').map((f) => f.path);
  if (modified.length) {
    lines.push(`Regression: existing tests around ${joinList(modified.slice(0, 5))} keep passing.`);
  }
  return lines.join('\n');
}
