import type { TicketDraft } from '@flowguard/contracts';
import type { TicketTemplate } from './ticket-template';
import {
  DESCRIPTION_SECTIONS,
  hasSection,
  SECTION_LABELS,
  splitDescription,
  type DescriptionSection,
  type TicketSection,
} from './ticket-sections';

const norm = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** The first sentence of the free-text description, for placeholders that quote it. */
function firstSentence(description: string): string {
  const body = splitDescription(description).body.split('\n')[0] ?? '';
  const sentence = /^(.+?[.!?])(\s|$)/.exec(body)?.[1] ?? body;
  return sentence.trim().replace(/[.!?]$/, '');
}

/**
 * Placeholders for sections a template requires but the ticket lacks. They are derived from
 * the ticket itself (never generic boilerplate) and say plainly what a person must confirm,
 * so a reviewer can tell a placeholder from a section the planner actually wrote.
 */
function placeholder(section: DescriptionSection, ticket: TicketDraft): string {
  const what = firstSentence(ticket.description) || ticket.title.replace(/^\[[^\]]+\] /, '');
  const files = ticket.files.length > 0 ? ticket.files.join(', ') : 'the files this ticket changes';
  switch (section) {
    case 'reproductionSteps':
      return [
        `1. Set up the situation described above: ${what}.`,
        '2. Perform the action that shows the fault and note the actual result.',
        '3. Compare it with the acceptance criteria below (to be confirmed by the reporter).',
      ].join('\n');
    case 'expectedBehaviour':
      return `The acceptance criteria below hold, starting with: ${ticket.acceptanceCriteria[0] ?? what}.`;
    case 'testPlan':
      return [...ticket.acceptanceCriteria.map((c) => `- Cover: ${c}`), `- Run the affected suites for ${files}.`].join(
        '\n',
      );
    case 'rollback':
      return `Revert the change to ${files} and redeploy; confirm before merging whether any data or configuration change must be undone too.`;
  }
}

function withCriteria(criteria: string[], extra: string[]): string[] {
  const seen = new Set(criteria.map(norm));
  const out = [...criteria];
  for (const c of extra) {
    if (seen.has(norm(c))) continue;
    seen.add(norm(c));
    out.push(c);
  }
  return out;
}

function withPrefix(description: string, prefix: string | undefined): string {
  if (!prefix || description.trimStart().startsWith(prefix.trim())) return description;
  return `${prefix.trim()} ${description.trimStart()}`;
}

/**
 * Fits a drafted ticket to its kind's template: adds the template's extra criteria (skipping
 * ones already there, ignoring case and spacing), prefixes the description, and fills required
 * sections that are missing. Pure and idempotent — applying it twice changes nothing more —
 * so regenerating a plan never stacks prefixes or criteria. `files` cannot be invented; a
 * template requiring them leaves the gap for missingSections() to report.
 */
export function applyTemplate(ticket: TicketDraft, template: TicketTemplate): TicketDraft {
  const requires = (s: TicketSection): boolean => template.requiredSections.includes(s);
  const draft: TicketDraft = {
    ...ticket,
    acceptanceCriteria: withCriteria(ticket.acceptanceCriteria, template.extraCriteria),
  };
  if (requires('description') && !hasSection(draft, 'description')) {
    // A description made only of labelled sections still needs a line saying what the ticket is.
    draft.description = `${ticket.title.replace(/^\[[^\]]+\] /, '')}.\n\n${draft.description.trimStart()}`;
  }
  // After the fill above, so the prefix never lands on a section label and hides it.
  draft.description = withPrefix(draft.description, template.descriptionPrefix);
  if (requires('implementationSteps') && !hasSection(draft, 'implementationSteps')) {
    draft.implementationSteps = ticket.acceptanceCriteria.map((c) => `Make this criterion hold: ${c}`);
  }
  const appended = DESCRIPTION_SECTIONS.filter((s) => requires(s) && !hasSection(draft, s)).map(
    // The ticket's own criteria, not the template's extras: a test plan should not "cover" CI hygiene.
    (s) => `${SECTION_LABELS[s]}:\n${placeholder(s, { ...draft, acceptanceCriteria: ticket.acceptanceCriteria })}`,
  );
  if (appended.length > 0) draft.description = [draft.description.trimEnd(), ...appended].join('\n\n');
  return draft;
}

/** Required sections the ticket lacks, in the template's order; empty when it conforms. */
export function missingSections(ticket: TicketDraft, template: TicketTemplate): TicketSection[] {
  return template.requiredSections.filter((s) => !hasSection(ticket, s));
}

/** The template's extra criteria the ticket does not carry (compared ignoring case and spacing). */
export function missingCriteria(ticket: TicketDraft, template: TicketTemplate): string[] {
  const have = new Set(ticket.acceptanceCriteria.map(norm));
  return template.extraCriteria.filter((c) => !have.has(norm(c)));
}
