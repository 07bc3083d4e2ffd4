import type { Complexity } from '@flowguard/contracts';
import type { PrdDocument } from '@flowguard/prd-reader';

/**
 * Triage thresholds. Complexity sizes everything after clarification (spec depth, ticket
 * count), so the bands are wide and explainable rather than a fitted score:
 * - small: a change a person finishes in a day or two: at most 3 functional requirements
 *   and 3 areas, at most one quality target or user story, under 250 words;
 * - large: a project: 12+ requirements, 7+ areas, 6+ user stories, 1200+ words, or both
 *   many requirements (8+) and many areas (5+);
 * - medium: everything between.
 */
export const COMPLEXITY_THRESHOLDS = {
  small: { maxRequirements: 3, maxComponents: 3, maxNonFunctional: 1, maxUserStories: 1, maxWords: 250 },
  large: {
    minRequirements: 12,
    minComponents: 7,
    minUserStories: 6,
    minWords: 1200,
    combined: { minRequirements: 8, minComponents: 5 },
  },
} as const;

export interface ComplexitySignals {
  requirements: number;
  components: number;
  nonFunctional: number;
  userStories: number;
  words: number;
}

export function complexitySignalsOf(doc: PrdDocument): ComplexitySignals {
  return {
    requirements: doc.requirements.length,
    // 'Core' is the reader's "nothing recognised", not an area.
    components: doc.components.filter((c) => c !== 'Core').length,
    nonFunctional: doc.nonFunctional.length,
    userStories: doc.userStories.length,
    words: doc.wordCount,
  };
}

export function triageComplexity(signals: ComplexitySignals): Complexity {
  const { small, large } = COMPLEXITY_THRESHOLDS;
  if (
    signals.requirements >= large.minRequirements ||
    signals.components >= large.minComponents ||
    signals.userStories >= large.minUserStories ||
    signals.words >= large.minWords ||
    (signals.requirements >= large.combined.minRequirements && signals.components >= large.combined.minComponents)
  ) {
    return 'large';
  }
  if (
    signals.requirements <= small.maxRequirements &&
    signals.components <= small.maxComponents &&
    signals.nonFunctional <= small.maxNonFunctional &&
    signals.userStories <= small.maxUserStories &&
    signals.words < small.maxWords
  ) {
    return 'small';
  }
  return 'medium';
}
