import type { Complexity } from '@flowguard/contracts';

/**
 * How big a spec may get for each complexity. One table so the LLM prompt and the offline
 * writer size specs the same way (a small goal must not come back as a 25-requirement plan).
 */
export interface SpecSizing {
  maxFunctionalRequirements: number;
  maxNonFunctionalRequirements: number;
  phases: number;
  maxFileChanges: number;
  maxRisks: number;
}

export const SPEC_SIZING: Record<Complexity, SpecSizing> = {
  small: { maxFunctionalRequirements: 6, maxNonFunctionalRequirements: 4, phases: 1, maxFileChanges: 8, maxRisks: 3 },
  medium: {
    maxFunctionalRequirements: 12,
    maxNonFunctionalRequirements: 8,
    phases: 2,
    maxFileChanges: 16,
    maxRisks: 6,
  },
  large: {
    maxFunctionalRequirements: 25,
    maxNonFunctionalRequirements: 12,
    phases: 3,
    maxFileChanges: 30,
    maxRisks: 8,
  },
};

/** Phase names by count; the offline writer and the prompt use the same vocabulary. */
export const PHASE_NAMES: Record<number, string[]> = {
  1: ['Implementation and release'],
  2: ['Core features', 'Completion and rollout'],
  3: ['Foundation', 'Core features', 'Hardening and rollout'],
};
