import type { Spec } from '@flowguard/contracts';
import { frontMatter } from './front-matter';

/**
 * spec.md for a stored spec: YAML front matter with ids and provenance, then the spec's
 * sections in a fixed order. Content is model output (untrusted), so every place where a
 * newline or a pipe would change the markdown structure — headings, list items, table cells —
 * is normalised. Pure and deterministic: the same spec always renders byte-identically, so an
 * export can be diffed and cached.
 */

const NONE = '_None._';

/** Text for one-line contexts (headings, bold labels): newlines would end the heading early. */
const inline = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** A table cell: a raw "|" would start a new column and a newline would end the row. */
export const cell = (text: string): string => text.trim().replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

/** A list item whose continuation lines stay inside the item. */
const item = (marker: string, text: string): string =>
  `${marker} ${text.trim().replace(/\r?\n/g, `\n${' '.repeat(marker.length + 1)}`)}`;

const list = (items: readonly string[], marker = '-'): string =>
  items.length > 0 ? items.map((i) => item(marker, i)).join('\n') : NONE;

const LIST_LINE = /^\s*(?:[-*+]|\d+[.)])\s/;

/**
 * A free-text block. Planners separate statements with single newlines, which markdown would
 * fold into one run-on paragraph, so each line becomes its own paragraph — except between list
 * lines and indented continuations (a numbered rollback plan stays one list) and inside fenced code, which is left as is.
 */
function block(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return NONE;
  if (trimmed.includes('```')) return trimmed;
  const lines = trimmed.split(/\r?\n/);
  return lines
    .map((line, i) => {
      const prev = lines[i - 1];
      if (i === 0 || !line.trim() || !prev?.trim()) return line;
      const tight = /^\s/.test(line) || (LIST_LINE.test(line) && LIST_LINE.test(prev));
      return tight ? line : `\n${line}`;
    })
    .join('\n');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return NONE;
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

const section = (title: string, ...parts: string[]): string => [`## ${title}`, ...parts].join('\n\n');
const sub = (title: string, body: string): string => `### ${inline(title)}\n\n${body}`;

function functionalRequirements(spec: Spec): string {
  const frs = spec.content.functionalRequirements;
  if (frs.length === 0) return NONE;
  return frs
    .map((fr) =>
      sub(
        `${fr.id} — ${fr.title} (${fr.level})`,
        [
          block(fr.statement),
          list(
            fr.scenarios.map(
              (s) => `**GIVEN** ${inline(s.given)} **WHEN** ${inline(s.when)} **THEN** ${inline(s.then)}`,
            ),
          ),
        ].join('\n\n'),
      ),
    )
    .join('\n\n');
}

function technicalPlan(spec: Spec): string {
  const plan = spec.content.technicalPlan;
  return [
    sub('Architecture notes', block(plan.architectureNotes)),
    sub(
      'File changes',
      table(
        ['Path', 'Action', 'Description'],
        plan.fileChanges.map((f) => [`\`${f.path.replace(/`/g, '')}\``, f.action, f.description]),
      ),
    ),
    sub('Dependencies', list(plan.dependencies)),
    sub('Data model', block(plan.dataModel)),
  ].join('\n\n');
}

function phases(spec: Spec): string {
  const all = spec.content.phases;
  if (all.length === 0) return NONE;
  return all
    .map((p, i) =>
      sub(
        `Phase ${i + 1} — ${p.name}`,
        [
          `**Deliverables**\n\n${list(p.deliverables)}`,
          `**Automated success criteria**\n\n${list(p.successCriteria.automated, '- [ ]')}`,
          `**Manual success criteria**\n\n${list(p.successCriteria.manual, '- [ ]')}`,
        ].join('\n\n'),
      ),
    )
    .join('\n\n');
}

function assumptions(spec: Spec): string {
  return list(
    spec.content.assumptions.map((a) => `${a.statement} _(source: ${a.source}; question: ${a.questionId ?? 'none'})_`),
  );
}

/** The section titles in render order; tests and consumers (e.g. a TOC) can rely on it. */
export const SPEC_SECTIONS = [
  'Overview',
  'Goals',
  'Non-goals',
  'Functional requirements',
  'Non-functional requirements',
  'Technical plan',
  'Phases',
  'Testing strategy',
  'Risks',
  'Rollback plan',
  'Open questions',
  'Assumptions',
] as const;

export function renderSpecMarkdown(spec: Spec): string {
  const c = spec.content;
  const bodies: Record<(typeof SPEC_SECTIONS)[number], string> = {
    Overview: block(c.overview),
    Goals: list(c.goals),
    'Non-goals': list(c.nonGoals),
    'Functional requirements': functionalRequirements(spec),
    'Non-functional requirements': table(
      ['ID', 'Category', 'Statement'],
      c.nonFunctionalRequirements.map((n) => [n.id, n.category, n.statement]),
    ),
    'Technical plan': technicalPlan(spec),
    Phases: phases(spec),
    'Testing strategy': block(c.testingStrategy),
    Risks: table(
      ['Risk', 'Probability', 'Impact', 'Mitigation', 'Contingency'],
      c.risks.map((r) => [r.description, r.probability, r.impact, r.mitigation, r.contingency]),
    ),
    'Rollback plan': block(c.rollbackPlan),
    'Open questions': list(c.openQuestions),
    Assumptions: assumptions(spec),
  };
  const head = frontMatter([
    ['id', spec.id],
    ['tenant', spec.tenantId],
    ['workflow', spec.workflowId],
    ['version', spec.version],
    ['schemaVersion', spec.schemaVersion],
    ['provider', spec.generatedBy.provider],
    ['model', spec.generatedBy.model],
    ['promptId', spec.generatedBy.promptId],
    ['promptVersion', spec.generatedBy.promptVersion],
    ['createdAt', spec.createdAt],
    ['title', c.title],
  ]);
  const sections = SPEC_SECTIONS.map((title) => section(title, bodies[title]));
  return `${[head, `# ${inline(c.title)}`, ...sections].join('\n\n')}\n`;
}
