import type { Ticket } from '@flowguard/contracts';
import { builtinTemplate, type TicketTemplate } from '../ticket-templates/ticket-template';
import {
  SECTION_LABELS,
  splitDescription,
  type DescriptionSection,
  type TicketSection,
} from '../ticket-templates/ticket-sections';
import { frontMatter } from './front-matter';

export { renderTicketTree } from './ticket-tree';

export interface TicketRenderContext {
  ticketSetId: string;
  specId: string;
  workflowId: string;
  version: number;
  /** The tenant's template for this ticket's kind; the built-in one when omitted. */
  template?: TicketTemplate;
}

const NONE = '_None._';

/** Text for one-line contexts (headings): a newline would end the heading early. */
const inline = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** A list item whose continuation lines stay inside the item. */
const item = (marker: string, text: string): string =>
  `${marker} ${text.trim().replace(/\r?\n/g, `\n${' '.repeat(marker.length + 1)}`)}`;

const list = (items: readonly string[], marker: (i: number) => string, empty = NONE): string =>
  items.length > 0 ? items.map((text, i) => item(marker(i), text)).join('\n') : empty;

const section = (title: string, body: string): string => `## ${title}\n\n${body}`;

/** `FG-12.md`; anything outside the key alphabet is replaced, so a bad key cannot climb directories. */
export function ticketFileName(ticket: Pick<Ticket, 'key'>): string {
  return `${ticket.key.replace(/[^A-Za-z0-9-]/g, '_')}.md`;
}

/**
 * One ticket as markdown with YAML front matter, for the "tickets as markdown" export and
 * for agents that read one file per ticket. Sections that live in the description as labelled
 * paragraphs (reproduction steps, test plan, …) get their own headings, placed where a reader
 * expects them; one the template requires but the ticket lacks is shown as missing rather
 * than silently dropped. Pure and deterministic.
 */
export function renderTicketMarkdown(ticket: Ticket, ctx: TicketRenderContext): string {
  const template = ctx.template ?? builtinTemplate(ticket.kind);
  const { body, sections } = splitDescription(ticket.description);
  const missing = `_Missing — required by the "${template.name}" template._`;
  // An empty list the template requires reads as a gap to fill, not as "nothing to do".
  const empty = (s: TicketSection): string => (template.requiredSections.includes(s) ? missing : NONE);

  const labelled = (s: DescriptionSection): string[] => {
    const text = sections.get(s);
    if (text) return [section(SECTION_LABELS[s], text)];
    if (!template.requiredSections.includes(s)) return [];
    return [section(SECTION_LABELS[s], missing)];
  };

  const head = frontMatter([
    ['key', ticket.key],
    ['level', ticket.level],
    ['kind', ticket.kind],
    ['status', ticket.status],
    ['priority', ticket.priority],
    ['estimatedEffort', ticket.estimatedEffort],
    ['parent', ticket.parentKey],
    ['blockedBy', ticket.blockedBy],
    ['covers', ticket.covers],
    ['tags', ticket.tags],
    ['files', ticket.files],
    ['spec', ticket.specRef],
    ['ticketSet', ctx.ticketSetId],
    ['workflow', ctx.workflowId],
    ['version', ctx.version],
  ]);
  // Rendering must not fail on a plan that failed validation (it is still exported with its
  // report), so a ticket pointing at another spec is flagged in the text instead of throwing.
  const expectedRef = `spec:${ctx.specId}`;
  const warning =
    ticket.specRef === expectedRef
      ? []
      : [
          `> **Warning:** this ticket references \`${ticket.specRef}\`, but its ticket set belongs to \`${expectedRef}\`.`,
        ];
  const dependencies = [
    `- Blocked by: ${ticket.blockedBy.length > 0 ? ticket.blockedBy.join(', ') : 'nothing'}`,
    `- Parent: ${ticket.parentKey ?? 'none (top level)'}`,
    `- Covers: ${ticket.covers.length > 0 ? ticket.covers.join(', ') : 'no functional requirement'}`,
  ].join('\n');

  const parts = [
    head,
    `# [${ticket.key}] ${inline(ticket.title)}`,
    ...warning,
    section('Description', body || empty('description')),
    ...labelled('reproductionSteps'),
    ...labelled('expectedBehaviour'),
    section(
      'Acceptance criteria',
      list(ticket.acceptanceCriteria, () => '- [ ]', empty('acceptanceCriteria')),
    ),
    section(
      'Implementation steps',
      list(ticket.implementationSteps, (i) => `${i + 1}.`, empty('implementationSteps')),
    ),
    ...labelled('testPlan'),
    section(
      'Files',
      list(
        ticket.files.map((f) => `\`${f.replace(/`/g, '')}\``),
        () => '-',
        empty('files'),
      ),
    ),
    ...labelled('rollback'),
    section('Dependencies', dependencies),
  ];
  return `${parts.join('\n\n')}\n`;
}
