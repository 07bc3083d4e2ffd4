import type { FunctionalRequirement, SpecContent } from '@flowguard/contracts';
import { weightedKeywords } from './ticket-text';

export type Keywords = Map<string, number>;

/**
 * Inverse document frequency as 1/df: a word found in one file (or phase) is a strong
 * signal, a word found in all of them is close to none. Simpler than log-idf and bounded.
 */
export function inverseFrequency(docs: Keywords[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const doc of docs) for (const k of doc.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  return new Map([...df].map(([k, n]) => [k, 1 / n]));
}

export function similarity(query: Keywords, doc: Keywords, idf: Map<string, number>): number {
  let score = 0;
  for (const [k, w] of query) {
    const d = doc.get(k);
    if (d !== undefined) score += w * d * (idf.get(k) ?? 1);
  }
  return score;
}

/**
 * A requirement's keywords: its title weighs most, the statement next, scenarios least (they
 * are long and talk about setup). Words shared by most requirements ("billing", "report")
 * are halved: they name the whole feature, not this requirement.
 */
export function requirementKeywords(requirements: FunctionalRequirement[]): Keywords[] {
  const raw = requirements.map((fr) =>
    weightedKeywords([
      [fr.scenarios.map((s) => `${s.given} ${s.when} ${s.then}`).join(' '), 0.5],
      [fr.statement, 1],
      [fr.title, 2],
    ]),
  );
  if (requirements.length < 3) return raw;
  const df = new Map<string, number>();
  for (const kw of raw) for (const k of kw.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  return raw.map((kw) => new Map([...kw].map(([k, w]) => [k, (df.get(k) ?? 0) > requirements.length / 2 ? w / 2 : w])));
}

export function phaseKeywords(phase: SpecContent['phases'][number]): Keywords {
  return weightedKeywords([
    [[...phase.successCriteria.automated, ...phase.successCriteria.manual].join(' '), 0.5],
    [phase.deliverables.join(' '), 1],
    [phase.name, 1.5],
  ]);
}

/** Index of the highest score; ties go to the candidate closest to `preferred`, then the first. */
export function bestIndex(scores: number[], preferred: number): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) {
    const a = scores[i] ?? 0;
    const b = scores[best] ?? 0;
    if (a > b + 1e-9 || (Math.abs(a - b) <= 1e-9 && Math.abs(i - preferred) < Math.abs(best - preferred))) best = i;
  }
  return best;
}

/**
 * Which phase a requirement belongs to: a phase that names its id wins; otherwise the best
 * keyword match; with no overlap at all, its position in the list (specs list requirements
 * roughly in build order, so requirement i of n falls into phase ⌊i·P/n⌋).
 */
export function assignPhases(spec: SpecContent, frKeywords: Keywords[]): Map<string, number> {
  const phases = spec.phases;
  const out = new Map<string, number>();
  const phaseKw = phases.map(phaseKeywords);
  const idf = inverseFrequency(phaseKw);
  spec.functionalRequirements.forEach((fr, i) => {
    const positional = Math.floor((i * phases.length) / spec.functionalRequirements.length);
    if (phases.length === 1) return out.set(fr.id, 0);
    const named = phases.findIndex((p) => JSON.stringify(p).includes(fr.id));
    if (named >= 0) return out.set(fr.id, named);
    const scores = phaseKw.map((kw) => similarity(frKeywords[i] ?? new Map(), kw, idf));
    out.set(fr.id, Math.max(...scores) > 0 ? bestIndex(scores, positional) : positional);
  });
  return out;
}
