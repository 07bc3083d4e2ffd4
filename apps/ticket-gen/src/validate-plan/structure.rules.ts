import type { TicketDraft, ValidationFinding } from '@flowguard/contracts';
import { compareKeys, finding, type PlanContext } from './plan-context';

/**
 * Plan-wide structure: keys are identities (links, parents, lifecycle and regeneration all
 * resolve them), and the Epic → Issue → Task tree is what progress rolls up through.
 */

export function structureRules(ctx: PlanContext): ValidationFinding[] {
  return [...uniqueKeys(ctx), ...hierarchy(ctx)];
}

/** A duplicated key makes every link to it ambiguous; reported once per key. */
function uniqueKeys(ctx: PlanContext): ValidationFinding[] {
  const counts = new Map<string, number>();
  for (const t of ctx.tickets) counts.set(t.key, (counts.get(t.key) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n > 1)
    .sort(([a], [b]) => compareKeys(a, b))
    .map(([key, n]) => finding('unique-keys', 'error', `key ${key} is used by ${n} tickets`, key));
}

const withArticle = (level: TicketDraft['level']): string => `${level === 'task' ? 'a' : 'an'} ${level}`;

const PARENT_LEVEL: Record<Exclude<TicketDraft['level'], 'epic'>, TicketDraft['level']> = {
  issue: 'epic',
  task: 'issue',
};

/**
 * At least one epic, epics at the root, an issue under an epic, a task under an issue.
 * Several epics are accepted: a large goal may honestly split into more than one.
 * A parent that is null or names no ticket is an orphan (dag-orphan), not reported twice here.
 */
function hierarchy(ctx: PlanContext): ValidationFinding[] {
  const out: ValidationFinding[] = [];
  if (!ctx.tickets.some((t) => t.level === 'epic'))
    out.push(finding('hierarchy', 'error', 'the plan has no epic: every plan needs one root epic'));

  for (const t of ctx.tickets) {
    if (t.level === 'epic') {
      if (t.parentKey !== null)
        out.push(
          finding('hierarchy', 'error', `epic has parent ${t.parentKey}; an epic sits at the root`, t.key, t.parentKey),
        );
      continue;
    }
    if (t.parentKey === null) continue;
    const parent = ctx.byKey.get(t.parentKey);
    if (!parent) continue;
    const expected = PARENT_LEVEL[t.level];
    if (parent.level !== expected)
      out.push(
        finding(
          'hierarchy',
          'error',
          `${t.level} has parent ${parent.key}, ${withArticle(parent.level)}; its parent must be ${withArticle(expected)}`,
          t.key,
          t.parentKey,
        ),
      );
  }
  return out;
}
