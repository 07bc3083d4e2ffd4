import { TicketKind, type Ticket } from '@flowguard/contracts';
import { z } from 'zod';
import { TICKET_SECTIONS, TicketSection } from './ticket-sections';

export type TemplateKind = Ticket['kind'];

const norm = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();
const unknown = (what: string, known: readonly string[]) => (iss: { input?: unknown }) =>
  iss.input === undefined
    ? `${what} is required`
    : `unknown ${what} ${JSON.stringify(iss.input)}; known ${what}s: ${known.join(', ')}`;

/**
 * A ticket template, validated when a tenant registers one. The messages name the bad value
 * and what is allowed, because they reach API clients as problem+json details.
 */
export const TicketTemplateSchema = z.strictObject({
  id: z
    .string({ error: 'id must be a string' })
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'id must be 1–64 lowercase letters, digits, ".", "_" or "-"'),
  kind: z.enum(TicketKind.options, { error: unknown('kind', TicketKind.options) }),
  name: z
    .string({ error: 'name must be a string' })
    .trim()
    .min(1, 'name must not be empty')
    .max(100, 'name must be at most 100 characters'),
  requiredSections: z
    .array(z.enum(TicketSection.options, { error: unknown('section', TICKET_SECTIONS) }))
    .refine((s) => new Set(s).size === s.length, 'requiredSections lists a section twice'),
  descriptionPrefix: z.string().trim().min(1, 'descriptionPrefix must not be blank when given').max(200).optional(),
  extraCriteria: z
    .array(z.string().trim().min(1, 'extra criteria must not be empty').max(500))
    .max(20, 'at most 20 extra criteria')
    .refine((c) => new Set(c.map(norm)).size === c.length, 'extraCriteria lists a criterion twice'),
});
export type TicketTemplate = z.infer<typeof TicketTemplateSchema>;

// Every kind needs these; a ticket without them cannot be picked up by a person or an agent.
const BASE: TicketSection[] = ['description', 'acceptanceCriteria', 'implementationSteps'];

/**
 * The built-in templates, one per kind. Extra criteria are verb-first so they pass the
 * same criterion checks as generated ones. No built-in sets a description prefix: generated
 * descriptions already open with the requirement they serve, and a fixed "Bug:" adds nothing.
 */
export const BUILTIN_TEMPLATES: readonly TicketTemplate[] = deepFreeze([
  { id: 'builtin-feature', kind: 'feature', name: 'Feature', requiredSections: [...BASE], extraCriteria: [] },
  {
    id: 'builtin-bugfix',
    kind: 'bugfix',
    name: 'Bug fix',
    requiredSections: [...BASE, 'reproductionSteps'],
    extraCriteria: ['Add a regression test that fails before the fix and passes after it'],
  },
  {
    id: 'builtin-refactor',
    kind: 'refactor',
    name: 'Refactor',
    requiredSections: [...BASE, 'rollback'],
    extraCriteria: ['Keep behaviour unchanged: the existing tests pass without modification'],
  },
  {
    id: 'builtin-test',
    kind: 'test',
    name: 'Test',
    requiredSections: [...BASE, 'testPlan'],
    extraCriteria: ['Run the new tests in CI and confirm they pass on repeated runs'],
  },
  {
    id: 'builtin-documentation',
    kind: 'documentation',
    name: 'Documentation',
    requiredSections: [...BASE, 'files'],
    extraCriteria: ['Confirm a reviewer other than the author has approved the documentation changes'],
  },
] satisfies TicketTemplate[]);

// Built-ins are shared by every tenant; freezing them makes an accidental edit throw.
function deepFreeze<T extends TicketTemplate>(templates: T[]): readonly T[] {
  for (const t of templates) {
    Object.freeze(t.requiredSections);
    Object.freeze(t.extraCriteria);
    Object.freeze(t);
  }
  return Object.freeze(templates);
}

export function builtinTemplate(kind: TemplateKind): TicketTemplate {
  const found = BUILTIN_TEMPLATES.find((t) => t.kind === kind);
  // Unreachable while every TicketKind has a built-in; the registry spec checks that it does.
  if (!found) throw new Error(`no built-in ticket template for kind "${kind}"`);
  return found;
}
