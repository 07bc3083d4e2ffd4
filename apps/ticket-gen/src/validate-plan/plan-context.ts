import type { FunctionalRequirement, SpecContent, TicketDraft, ValidationFinding } from '@flowguard/contracts';

/**
 * Shared vocabulary of the plan validator: the rule ids (they are API — clients filter and
 * count findings by them, so they never change meaning), the indexes every rule group needs,
 * and small helpers. The tickets are untrusted model output: every lookup here tolerates
 * duplicate keys, links to nowhere and malformed efforts, because reporting those is the job.
 */

/** Every rule, in report order: findings sort by this position first, then by ticket key. */
export const PLAN_RULES = [
  // alignment and completeness (the rules of seed 000)
  'spec-ref-matches',
  'covers-resolve',
  'criteria-map-to-requirements',
  'files-in-technical-plan',
  'required-sections',
  'verb-first-criteria',
  'effort-format',
  'at-least-one-file',
  'title-format',
  'unique-keys',
  'hierarchy',
  // blockedBy graph
  'dag-cycle',
  'dag-dangling-link',
  'dag-self-link',
  'dag-orphan',
  // requirement coverage
  'fr-uncovered',
  // parallel work
  'parallel-file-conflict',
  // size
  'task-effort-range',
  'absurd-effort',
] as const;
export type PlanRule = (typeof PLAN_RULES)[number];

export interface PlanInput {
  specId: string;
  spec: SpecContent;
  tickets: TicketDraft[];
}

export interface PlanContext {
  specId: string;
  spec: SpecContent;
  tickets: TicketDraft[];
  /** The first ticket of each key: a duplicate is reported by unique-keys, not resolved here. */
  byKey: Map<string, TicketDraft>;
  /** Distinct keys in natural key order (FG-2 before FG-10). */
  keys: string[];
  tasks: TicketDraft[];
  /** The spec's functional requirements by id (the first of a duplicated id). */
  frs: Map<string, FunctionalRequirement>;
  /** Technical-plan paths, normalised. */
  plannedFiles: Set<string>;
  /** Children of each key (tickets whose parentKey names it), in ticket order. */
  children: Map<string, string[]>;
}

export function planContext(input: PlanInput): PlanContext {
  const byKey = new Map<string, TicketDraft>();
  const children = new Map<string, string[]>();
  for (const t of input.tickets) {
    if (!byKey.has(t.key)) byKey.set(t.key, t);
    if (t.parentKey !== null && t.parentKey !== t.key) {
      const list = children.get(t.parentKey) ?? [];
      if (!list.includes(t.key)) list.push(t.key);
      children.set(t.parentKey, list);
    }
  }
  const frs = new Map<string, FunctionalRequirement>();
  for (const fr of input.spec.functionalRequirements) if (!frs.has(fr.id)) frs.set(fr.id, fr);
  return {
    specId: input.specId,
    spec: input.spec,
    tickets: input.tickets,
    byKey,
    keys: [...byKey.keys()].sort(compareKeys),
    tasks: input.tickets.filter((t) => t.level === 'task'),
    frs,
    plannedFiles: new Set(input.spec.technicalPlan.fileChanges.map((c) => normalizePath(c.path))),
    children,
  };
}

export function finding(
  rule: PlanRule,
  severity: ValidationFinding['severity'],
  message: string,
  ticketKey?: string,
  ref?: string,
): ValidationFinding {
  // Absent optionals are left out rather than set to undefined: the report is JSON.
  return {
    rule,
    severity,
    message,
    ...(ticketKey !== undefined ? { ticketKey } : {}),
    ...(ref !== undefined ? { ref } : {}),
  };
}

export const HOURS_PER_DAY = 8;
const EFFORT = /^(\d+(?:\.\d+)?)([hd])$/;

/** Hours of an effort string such as `4h` or `1.5d`, or null when it is malformed. */
export function effortHours(effort: string): number | null {
  const match = EFFORT.exec(effort);
  if (!match) return null;
  return Number(match[1]) * (match[2] === 'd' ? HOURS_PER_DAY : 1);
}

export const isBlank = (text: string): boolean => text.trim().length === 0;

/**
 * A model may write `./src/a.ts` or `src\a.ts` for the plan's `src/a.ts`; those name the same
 * file, so they neither fail files-in-technical-plan nor hide a conflict.
 */
export function normalizePath(path: string): string {
  return path
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '');
}

/** Plain code-unit order, independent of the host locale (for file paths and tie-breaks). */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const KEY = /^(.*?)(\d+)$/;

/** Natural key order: by prefix, then by number, so FG-2 sorts before FG-10. */
export function compareKeys(a: string, b: string): number {
  const ma = KEY.exec(a);
  const mb = KEY.exec(b);
  if (ma && mb && ma[1] === mb[1]) return Number(ma[2]) - Number(mb[2]) || compareText(a, b);
  return compareText(a, b);
}
