import type { RequirementLevel } from './types';
import { nfrCategoryOf } from './nfr-categories';

/** What a heading announces, which decides how plain bullets under it are read. */
export type SectionKind =
  'out-of-scope' | 'open-questions' | 'non-functional' | 'optional' | 'nice-to-have' | 'requirements' | 'other';

/** Checked in order: "Non-functional requirements" and "Out of scope" must not fall through to requirements. */
const KINDS: [SectionKind, RegExp][] = [
  ['out-of-scope', /\b(non[- ]?goals?|out[- ]of[- ]scope|not in scope|won'?t have|will not|excluded|exclusions)\b/i],
  ['open-questions', /\b(open questions?|questions|unknowns|unresolved|tbd|to be (decided|determined))\b/i],
  ['non-functional', /\b(non[- ]?functional|nfrs?|quality attributes?|constraints)\b/i],
  ['optional', /\b(could[- ]haves?|optional|stretch( goals?)?|may[- ]haves?)\b/i],
  ['nice-to-have', /\b(nice[- ]to[- ]haves?|should[- ]haves?|should)\b/i],
  [
    'requirements',
    /\b(requirements?|features?|scope|acceptance criteria|must[- ]haves?|functional|capabilit(y|ies)|behaviou?rs?|user stories|stories|specification)\b/i,
  ],
];

export function sectionKindOf(heading: string): SectionKind {
  for (const [kind, pattern] of KINDS) if (pattern.test(heading)) return kind;
  // A heading that names a quality ("Performance", "Security") is a non-functional section.
  return nfrCategoryOf(heading) ? 'non-functional' : 'other';
}

/** The level a plain bullet (no modal keyword) takes from its section, or null when it is no requirement. */
export function bulletLevelOf(kind: SectionKind): RequirementLevel | null {
  switch (kind) {
    case 'requirements':
    case 'non-functional':
      return 'MUST';
    case 'nice-to-have':
      return 'SHOULD';
    case 'optional':
      return 'MAY';
    default:
      return null;
  }
}

export interface HeadingContext {
  heading: string;
  level: number;
  kind: SectionKind;
  /** Non-functional category named by this heading or an enclosing one. */
  category: string | null;
}

/**
 * Tracks the enclosing headings so a "### Payments" under "## Functional requirements"
 * reads as requirements. The document title (a leading level-1 heading) passes nothing
 * down: "# Billing requirements" must not turn its Overview into requirements.
 */
export class HeadingTrail {
  private readonly stack: HeadingContext[] = [];
  private seenHeading = false;

  enter(heading: string, level: number): HeadingContext {
    const isTitle = !this.seenHeading && level === 1;
    this.seenHeading = true;
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].level >= level) this.stack.pop();
    const parent = this.stack[this.stack.length - 1];
    const own = sectionKindOf(heading);
    const context: HeadingContext = {
      heading,
      level,
      kind: own === 'other' && parent ? parent.kind : own,
      category: nfrCategoryOf(heading) ?? parent?.category ?? null,
    };
    if (!isTitle) this.stack.push(context);
    return context;
  }
}
