/**
 * Small text helpers for the offline ticket planner: keyword extraction for matching
 * requirements to phases and files, and phrasing for titles and criteria.
 */

// Words that carry no topic: English glue, RFC 2119 modals and spec boilerplate. Without
// them "the system MUST allow users to …" would match every file and every phase.
const STOPWORDS = new Set(
  (
    'the a an and or of to in on for with by from as at is are be been being it its this that these those ' +
    'when then given must should may shall can will not no all any each every user users system new via into ' +
    'per than only also so such has have had if their they them our we you your which who what after before ' +
    'within without over under between able allow allows let lets ensure use used using one two etc there ' +
    'same other more most less least into onto out up down does did do done being while where how why '
  )
    .trim()
    .split(/\s+/),
);

/** Path segments that say where code lives, not what it is about. */
export const GENERIC_SEGMENTS = new Set(
  (
    'src app apps lib libs packages package api server client web frontend backend components component pages ' +
    'views screens modules services controllers routes internal pkg core common shared utils util helpers test ' +
    'tests __tests__ spec specs e2e integration unit main java kotlin resources public static assets hooks store ' +
    'stores features domain infra infrastructure db database migrations migration prisma models entities schema ' +
    'schemas types config docs doc scripts .github workflows ui'
  ).split(/\s+/),
);

const ACRONYMS = new Set(
  'csv pdf api ui db url id sso e2e e2ee jwt http sql json xml html css sdk cli vat crdt rest ux'.split(' '),
);

// Imperative verbs a title or criterion may already start with. A word outside this list
// gets a leading "Implement" (or "Fix"/"Refactor"), which is safe even when we are wrong.
const VERBS = new Set(
  (
    'add allow apply archive audit authenticate authorize block build cache calculate cancel capture change click confirm ' +
    'charge check clean collect compute configure connect convert create decrypt define delete deliver deploy ' +
    'detect disable display document download edit email emit enable encrypt enforce escape expose export ' +
    'extract fetch filter fix generate handle hide import implement improve index integrate introduce invite ' +
    'inspect keep limit list load log manage mark measure merge migrate monitor move notify observe open parse pause persist ' +
    'prevent process prorate protect provide publish queue read recover redirect refactor refresh reject ' +
    'remove rename render replace report require reset resolve restore restrict resume retry return revoke ' +
    'rotate route run save schedule search secure send serve set show sign sort split store stream submit ' +
    'subscribe sync test throttle track transform translate update upgrade upload validate verify ensure ' +
    'view walk warn watch write let'
  ).split(/\s+/),
);

/** A light suffix stemmer: enough for "invoices"/"invoice" and "proration"/"prorate" to meet. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 6 && w.endsWith('ion')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('e')) return w.slice(0, -1);
  return w;
}

/** Splits words, camelCase and path punctuation; drops stopwords, numbers and short words. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 3 && !/^\d+$/.test(w) && !STOPWORDS.has(w));
}

export function keywords(text: string): string[] {
  return [...new Set(words(text).map(stem))];
}

/** Keywords with a weight per source (e.g. a title counts more than a scenario); max wins. */
export function weightedKeywords(parts: Array<[string, number]>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [text, weight] of parts) {
    for (const k of keywords(text)) out.set(k, Math.max(out.get(k) ?? 0, weight));
  }
  return out;
}

export function titleWord(word: string): string {
  const lower = word.toLowerCase();
  return ACRONYMS.has(lower) ? lower.toUpperCase() : lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** Lower-cases the first letter unless the first word is an acronym or a proper name in caps. */
export function lowerFirst(text: string): string {
  const first = text.split(/[\s:,]/)[0] ?? '';
  if (ACRONYMS.has(first.toLowerCase()) || (first.match(/[A-Z]/g) ?? []).length > 1) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Words that are as often nouns as verbs ("Export progress and error feedback"): they count
// as a verb only when an object follows (a determiner, a plural noun or a participle).
const AMBIGUOUS = new Set(
  'cache download email export import index limit list log merge queue record report schedule search set store stream sync test track upload'.split(
    ' ',
  ),
);
const OBJECT_STARTERS = new Set(
  'the a an all each every its their current large new existing local remote any'.split(' '),
);

export function startsWithVerb(text: string): boolean {
  const [rawFirst = '', rawNext = ''] = text.trim().split(/\s+/);
  const first = rawFirst.toLowerCase().replace(/[^a-z]/g, '');
  if (!VERBS.has(first)) return /^[a-z]{4,}(ize|ise|ify)$/.test(first);
  if (!AMBIGUOUS.has(first)) return true;
  const next = rawNext.toLowerCase().replace(/[^a-z]/g, '');
  // An object follows: a determiner, a plural noun or an adjective/participle ("concurrent edits").
  return OBJECT_STARTERS.has(next) || /([^s]s|ed|ent|ant|al|ive|ous|able|ible)$/.test(next);
}

/**
 * Sentence-casing that respects the spec's proper names: a word the spec writes capitalised
 * mid-sentence and never in lower case ("Stripe", "Dexie") keeps its capital when a phrase
 * moves behind a verb ("Deliver Stripe Checkout …", not "Deliver stripe Checkout …").
 */
export interface Phrasing {
  lower(text: string): string;
  /** "Invoice PDF download" → "Implement invoice PDF download"; "Prorate x" stays. */
  verbFirst(text: string, verb: string): string;
}

function collectStrings(value: unknown, out: string[]): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => collectStrings(v, out));
  return out;
}

export function phrasing(spec: unknown): Phrasing {
  const capitalised = new Set<string>();
  const lowercase = new Set<string>();
  for (const text of collectStrings(spec, [])) {
    for (const sentence of text.split(/[.!?:;]\s+|\n/)) {
      sentence
        .split(/\s+/)
        .map((w) => w.replace(/^[("'“]+|[)"'”,]+$/g, ''))
        .forEach((w, i) => {
          if (/^[a-z]+$/.test(w)) lowercase.add(w);
          else if (i > 0 && /^[A-Z][a-z]+$/.test(w)) capitalised.add(w.toLowerCase());
        });
    }
  }
  const names = new Set([...capitalised].filter((w) => !lowercase.has(w)));
  const lower = (text: string): string => {
    const first = (text.split(/[\s:,]/)[0] ?? '').toLowerCase();
    return names.has(first) ? text : lowerFirst(text);
  };
  return {
    lower,
    verbFirst: (text, verb) => {
      const clean = stripEnd(text.trim());
      return startsWithVerb(clean) ? upperFirst(clean) : `${verb} ${lower(clean)}`;
    },
  };
}

/** Cuts at the first sentence end, then at a word boundary, so titles stay scannable. */
export function truncate(text: string, max: number): string {
  const sentence = stripEnd(text.trim().split(/(?<=[.;!?])\s/)[0] ?? text);
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  // Never end on glue ("… keys, retries and"): drop trailing conjunctions and prepositions.
  return stripEnd(space > max / 2 ? cut.slice(0, space) : sentence.slice(0, max)).replace(
    /(\s+(and|or|with|for|of|to|the|a|an|in|on|by|from|as|at))+$/i,
    '',
  );
}

export function stripEnd(text: string): string {
  return text.replace(/[\s.,;:!?-]+$/, '');
}

export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 50) || 'general'
  );
}

/** Drops a "Phase 2:" style prefix so issue titles read as work, not as numbering. */
export function phaseLabel(name: string): string {
  return name.replace(/^(phase|stage|milestone|step|part)\s*\d+\s*[:.\-–—]?\s*/i, '').trim() || name;
}

/** "GIVEN … WHEN … THEN …", tolerating scenario parts that already start with the keyword. */
export function scenarioText(s: { given: string; when: string; then: string }): string {
  const part = (keyword: string, text: string): string =>
    `${keyword} ${stripEnd(text.trim().replace(new RegExp(`^${keyword}\\s+`, 'i'), ''))}`;
  return `${part('GIVEN', s.given)} ${part('WHEN', s.when)} ${part('THEN', s.then)}`;
}

/** Joins phrases as "a, b and c". */
export function listPhrase(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
