import type { RequirementLevel } from './types';

/**
 * RFC 2119-style keywords, case-insensitive whole words. "must not" stays a MUST (a
 * prohibition binds as much as an obligation). "May" followed by a number is the month.
 */
const LEVELS: [RequirementLevel, RegExp][] = [
  ['MUST', /\b(must|shall|required|needs? to)\b/i],
  ['SHOULD', /\b(should|recommended)\b/i],
  ['MAY', /\b(?:may\b(?!\s+\d)|could\b|optional(?:ly)?\b|nice[- ]to[- ]have\b)/i],
];

/** The strongest level a sentence states, or null when it states none. */
export function modalLevelOf(text: string): RequirementLevel | null {
  for (const [level, pattern] of LEVELS) if (pattern.test(text)) return level;
  return null;
}
