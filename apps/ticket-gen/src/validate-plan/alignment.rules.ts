import type { TicketDraft, ValidationFinding } from '@flowguard/contracts';
import { IMPERATIVE_VERBS, SCENARIO_KEYWORDS } from './imperative-verbs';
import { finding, isBlank, normalizePath, type PlanContext } from './plan-context';

/**
 * Ticket ↔ spec alignment and completeness: the per-ticket rules of seed 000. Each function
 * looks at one ticket at a time and says exactly which field is wrong (ref), so a model repair
 * prompt or a reviewer can act on the finding without re-reading the plan.
 */

// Tests and docs verify or describe requirements rather than implement them; a test task
// that names no FR still has a job (the integration pass), so they are exempt.
const EXEMPT_FROM_COVERAGE: ReadonlySet<TicketDraft['kind']> = new Set(['test', 'documentation']);

// `[Component] Text`: a non-blank component, then text. Stricter than the contract's regex,
// which lets `[ ] x` and `[A]   ` through.
const TITLE = /^\[[^\]]*[^\]\s][^\]]*\] +\S/;
const EFFORT = /^\d+(\.\d+)?[hd]$/;

export function alignmentRules(ctx: PlanContext): ValidationFinding[] {
  const out: ValidationFinding[] = [];
  for (const t of ctx.tickets) {
    out.push(
      ...specRefMatches(ctx, t),
      ...coversResolve(ctx, t),
      ...criteriaMapToRequirements(ctx, t),
      ...filesInTechnicalPlan(ctx, t),
      ...requiredSections(t),
      ...verbFirstCriteria(t),
      ...effortFormat(t),
      ...atLeastOneFile(t),
      ...titleFormat(t),
    );
  }
  return out;
}

/** A ticket must point at the spec it was generated from, or traceability breaks silently. */
function specRefMatches(ctx: PlanContext, t: TicketDraft): ValidationFinding[] {
  const expected = `spec:${ctx.specId}`;
  if (t.specRef === expected) return [];
  return [finding('spec-ref-matches', 'error', `specRef is "${t.specRef}", expected "${expected}"`, t.key, t.specRef)];
}

/** A covered id that is not an FR of the spec is an invented requirement. */
function coversResolve(ctx: PlanContext, t: TicketDraft): ValidationFinding[] {
  return [...new Set(t.covers)]
    .filter((id) => !ctx.frs.has(id))
    .map((id) =>
      finding('covers-resolve', 'error', `covers ${id}, which is not a functional requirement of the spec`, t.key, id),
    );
}

/** A work task tied to no requirement is either scope creep or a missing covers entry. */
function criteriaMapToRequirements(ctx: PlanContext, t: TicketDraft): ValidationFinding[] {
  if (t.level !== 'task' || EXEMPT_FROM_COVERAGE.has(t.kind)) return [];
  // Only ids that resolve count: a task covering nothing but FR-999 maps to nothing.
  if (t.covers.some((id) => ctx.frs.has(id))) return [];
  return [
    finding(
      'criteria-map-to-requirements',
      'warning',
      `${t.kind} task covers no functional requirement of the spec, so its acceptance criteria trace to none`,
      t.key,
    ),
  ];
}

/**
 * A task editing a file the technical plan never mentions is work nobody reviewed. Only tasks
 * are checked: an issue's or epic's files are the union of its tasks', so checking them too
 * would report the same file several times.
 */
function filesInTechnicalPlan(ctx: PlanContext, t: TicketDraft): ValidationFinding[] {
  if (t.level !== 'task') return [];
  return [...new Set(t.files.filter((f) => !isBlank(f)))]
    .filter((f) => !ctx.plannedFiles.has(normalizePath(f)))
    .map((f) =>
      finding('files-in-technical-plan', 'warning', `file ${f} is not in the technical plan's file changes`, t.key, f),
    );
}

/**
 * Title, description and acceptance criteria are what a reader and an agent act on: missing
 * ones are errors. Implementation steps only guide a task, so their absence is a warning.
 */
function requiredSections(t: TicketDraft): ValidationFinding[] {
  const out: ValidationFinding[] = [];
  const missing = (section: string, severity: ValidationFinding['severity'], what: string) =>
    out.push(finding('required-sections', severity, what, t.key, section));

  if (isBlank(t.title)) missing('title', 'error', 'title is empty');
  if (isBlank(t.description)) missing('description', 'error', 'description is empty');
  if (t.acceptanceCriteria.length === 0) missing('acceptanceCriteria', 'error', 'acceptance criteria are missing');
  else if (t.acceptanceCriteria.some(isBlank))
    missing('acceptanceCriteria', 'error', 'an acceptance criterion is empty');
  if (t.level === 'task' && t.implementationSteps.every(isBlank))
    missing('implementationSteps', 'warning', 'task has no implementation steps');
  return out;
}

/** The first word of a criterion, lower case, after any bullet or numbering the model added. */
function firstWord(criterion: string): string {
  const match = /^[A-Za-z][A-Za-z'-]*/.exec(criterion.replace(/^[^A-Za-z]+/, ''));
  return match ? match[0].toLowerCase() : '';
}

/**
 * A criterion must be checkable: an imperative ("Export …", "Verify …") or a scenario
 * ("GIVEN … WHEN … THEN …"). "The export is fast" is neither. Blank criteria are left to
 * required-sections.
 */
function verbFirstCriteria(t: TicketDraft): ValidationFinding[] {
  const out: ValidationFinding[] = [];
  t.acceptanceCriteria.forEach((criterion, i) => {
    if (isBlank(criterion)) return;
    const word = firstWord(criterion);
    if (IMPERATIVE_VERBS.has(word) || SCENARIO_KEYWORDS.has(word)) return;
    out.push(
      finding(
        'verb-first-criteria',
        'warning',
        `acceptance criterion ${i + 1} starts with "${word || criterion.trim().slice(0, 20)}", not a verb or GIVEN`,
        t.key,
        `acceptanceCriteria[${i}]`,
      ),
    );
  });
  return out;
}

/** Efforts feed roll-ups and the handoff's total effort; a malformed one cannot be summed. */
function effortFormat(t: TicketDraft): ValidationFinding[] {
  if (EFFORT.test(t.estimatedEffort)) return [];
  return [
    finding(
      'effort-format',
      'error',
      `estimated effort "${t.estimatedEffort}" does not look like 2h, 4h or 1d`,
      t.key,
      t.estimatedEffort,
    ),
  ];
}

/** A task that changes no file cannot be handed to a coding agent. */
function atLeastOneFile(t: TicketDraft): ValidationFinding[] {
  if (t.level !== 'task' || t.files.some((f) => !isBlank(f))) return [];
  return [finding('at-least-one-file', 'error', 'task lists no file to change', t.key)];
}

/** `[Component] …` lets boards group by component. A blank title is left to required-sections. */
function titleFormat(t: TicketDraft): ValidationFinding[] {
  if (isBlank(t.title) || TITLE.test(t.title)) return [];
  return [finding('title-format', 'error', `title "${t.title}" does not look like "[Component] Do the thing"`, t.key)];
}
