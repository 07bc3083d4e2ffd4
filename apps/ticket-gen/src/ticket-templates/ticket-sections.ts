import type { TicketDraft } from '@flowguard/contracts';
import { z } from 'zod';

/**
 * The sections a ticket template can require. The first four are fields of the Ticket
 * contract; the others have no field of their own, so they live in the description as a
 * labelled paragraph ("Reproduction steps:\n1. …"), the same convention the offline planner
 * already uses for "Files:" and "Constraints:". That keeps the contract unchanged and lets a
 * remote model, a human or applyTemplate() write them the same way.
 */
export const TICKET_SECTIONS = [
  'description',
  'acceptanceCriteria',
  'implementationSteps',
  'files',
  'reproductionSteps',
  'expectedBehaviour',
  'rollback',
  'testPlan',
] as const;
export const TicketSection = z.enum(TICKET_SECTIONS);
export type TicketSection = z.infer<typeof TicketSection>;

export type DescriptionSection = Exclude<
  TicketSection,
  'description' | 'acceptanceCriteria' | 'implementationSteps' | 'files'
>;

/** Labels in render order: the ticket markdown lists description sections in this order. */
export const SECTION_LABELS: Record<DescriptionSection, string> = {
  reproductionSteps: 'Reproduction steps',
  expectedBehaviour: 'Expected behaviour',
  testPlan: 'Test plan',
  rollback: 'Rollback plan',
};

export const DESCRIPTION_SECTIONS = Object.keys(SECTION_LABELS) as DescriptionSection[];

export function isDescriptionSection(section: TicketSection): section is DescriptionSection {
  return section in SECTION_LABELS;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// A paragraph opens a section when its first line is the label followed by a colon ("Test
// plan:", "**Test plan:**", possibly with the first words of the body), or is a markdown
// heading holding only the label ("## Test plan"). Without the colon or the heading, "Test plan
// for the importer is…" would be mistaken for a section.
const LABELS = Object.values(SECTION_LABELS).map(escapeRegExp).join('|');
const HEADING_LINE = new RegExp(`^\\s*#{1,6}\\s+(${LABELS})\\s*:?\\s*$`, 'i');
const COLON_LINE = new RegExp(`^\\s*(?:\\*\\*)?(${LABELS})(?::\\*\\*|\\*\\*:|:)\\s*(.*)$`, 'i');

const byLabel = new Map(
  Object.entries(SECTION_LABELS).map(([section, label]) => [label.toLowerCase(), section as DescriptionSection]),
);

export interface SplitDescription {
  /** The description without its labelled sections. */
  body: string;
  /** Section → its text (without the label); a section written twice keeps both, in order. */
  sections: Map<DescriptionSection, string>;
}

/**
 * Splits a description into free text and labelled sections (paragraphs separated by blank
 * lines). A label standing alone ("## Test plan" then a blank line) takes the next paragraph
 * as its text, so both the compact and the heading style are understood.
 */
export function splitDescription(description: string): SplitDescription {
  const body: string[] = [];
  const sections = new Map<DescriptionSection, string>();
  const add = (section: DescriptionSection, text: string): void => {
    const joined = [sections.get(section) ?? '', text].filter(Boolean).join('\n\n');
    sections.set(section, joined);
  };
  let awaiting: DescriptionSection | null = null;
  for (const paragraph of description.split(/\n\s*\n/)) {
    const [first = '', ...rest] = paragraph.split('\n');
    const match = HEADING_LINE.exec(first) ?? COLON_LINE.exec(first);
    const section = match?.[1] ? byLabel.get(match[1].toLowerCase()) : undefined;
    if (!section) {
      if (!paragraph.trim()) continue;
      if (awaiting) add(awaiting, paragraph.trim());
      else body.push(paragraph.trim());
      awaiting = null;
      continue;
    }
    const text = [match?.[2] ?? '', ...rest].join('\n').trim();
    add(section, text);
    awaiting = text ? null : section;
  }
  return { body: body.join('\n\n'), sections };
}

/** Whether a ticket has a non-empty section (fields must be non-blank, labelled paragraphs non-empty). */
export function hasSection(
  ticket: Pick<TicketDraft, 'description' | 'acceptanceCriteria' | 'implementationSteps' | 'files'>,
  section: TicketSection,
): boolean {
  const filled = (items: string[]): boolean => items.some((i) => i.trim().length > 0);
  switch (section) {
    case 'description':
      return splitDescription(ticket.description).body.length > 0;
    case 'acceptanceCriteria':
      return filled(ticket.acceptanceCriteria);
    case 'implementationSteps':
      return filled(ticket.implementationSteps);
    case 'files':
      return filled(ticket.files);
    default:
      return (splitDescription(ticket.description).sections.get(section) ?? '').length > 0;
  }
}
