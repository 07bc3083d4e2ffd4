/**
 * Small English helpers for the offline spec writer. They are deliberately rule-based and
 * dependency-free: the offline planner must be deterministic and run without a network.
 */

/** Base forms of verbs that appear in requirements; used to recognise verb-first phrases. */
const VERBS = new Set(
  (
    'accept access add allow buy cut do find forget hold leave lose override put rebuild resend rewrite sell split take tell apply archive assign attach audit authenticate authorize bill block build calculate ' +
    'cancel capture change charge check choose clear close collect complete compute configure confirm connect ' +
    'contain continue convert copy create decrypt delete deliver detect disable display download downgrade edit ' +
    'email enable encrypt enforce ensure expire export fetch filter flag generate get give handle hide import ' +
    'include invite issue join keep let limit link list load lock log make manage mark merge migrate move notify ' +
    'open pause pay persist prevent preview print process produce prorate protect provide publish purchase queue ' +
    'read receive record redact refund reject remember remove rename render reopen replace request require reset ' +
    'resolve respect restore resume retry return revoke rotate run save schedule search see select send set share ' +
    'show sign sort start stop store stream submit subscribe support suspend switch sync synchronize tag toggle ' +
    'track trigger undo unlock update upgrade upload use validate verify view warn write reflect retain'
  ).split(' '),
);

const IRREGULAR_PARTICIPLES: Record<string, string> = {
  begin: 'begun',
  build: 'built',
  buy: 'bought',
  cut: 'cut',
  do: 'done',
  find: 'found',
  forget: 'forgotten',
  hold: 'held',
  leave: 'left',
  lose: 'lost',
  override: 'overridden',
  put: 'put',
  rebuild: 'rebuilt',
  resend: 'resent',
  reset: 'reset',
  rewrite: 'rewritten',
  sell: 'sold',
  split: 'split',
  take: 'taken',
  tell: 'told',
  undo: 'undone',
  choose: 'chosen',
  get: 'got',
  give: 'given',
  hide: 'hidden',
  keep: 'kept',
  let: 'let',
  make: 'made',
  pay: 'paid',
  read: 'read',
  run: 'run',
  see: 'seen',
  send: 'sent',
  set: 'set',
  show: 'shown',
  write: 'written',
};

/** Verbs whose final consonant doubles before -ed. */
const DOUBLING = new Set(['log', 'stop', 'plan', 'drop', 'ship', 'tag', 'map', 'flag', 'pin', 'submit']);

export const STOP_WORDS = new Set(
  (
    'a an the and or but if then else when while of to in on at by for with without from into onto as is are was ' +
    'were be been being it its this that these those their there they them we our you your i my me he she his her ' +
    'must shall should may will can could would need needs able not no never only all any each every some more most ' +
    'than so such via per also other own same both either neither do does did done has have had up out over under ' +
    'about after before during between within across new existing system app application user users'
  ).split(' '),
);

export function isVerb(word: string): boolean {
  return VERBS.has(word.toLowerCase());
}

/** Base form of an inflected verb ("supports", "generated"), or null when it is not a known verb. */
export function baseVerb(word: string): string | null {
  const w = word.toLowerCase();
  if (VERBS.has(w)) return w;
  for (const [base, participle] of Object.entries(IRREGULAR_PARTICIPLES)) if (participle === w) return base;
  const candidates = [
    w.replace(/ies$/, 'y'),
    w.replace(/es$/, ''),
    w.replace(/s$/, ''),
    w.replace(/ied$/, 'y'),
    w.replace(/d$/, ''),
    w.replace(/ed$/, ''),
    w.replace(/(\w)\1ed$/, '$1'),
  ];
  return candidates.find((c) => c !== w && VERBS.has(c)) ?? null;
}

/** "removing" → "remove", "adding" → "add", "logging" → "log"; null when not a known verb. */
export function gerundBase(word: string): string | null {
  const stem = word.toLowerCase().replace(/ing$/, '');
  if (stem === word.toLowerCase()) return null;
  return [stem, `${stem}e`, stem.replace(/(\w)\1$/, '$1')].find((c) => VERBS.has(c)) ?? null;
}

export function thirdPerson(verb: string): string {
  if (verb === 'have') return 'has';
  if (verb === 'be') return 'is';
  if (verb === 'do') return 'does';
  if (/(s|sh|ch|x|z|o)$/.test(verb)) return `${verb}es`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

export function participle(verb: string): string {
  if (IRREGULAR_PARTICIPLES[verb]) return IRREGULAR_PARTICIPLES[verb];
  if (DOUBLING.has(verb)) return `${verb}${verb.slice(-1)}ed`;
  if (verb.endsWith('e')) return `${verb}d`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ied`;
  return `${verb}ed`;
}

/** Collapse whitespace and strip the markdown a requirement line may carry. */
export function squash(text: string): string {
  return text
    .replace(/[*_]{2}|`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

export function stripEndPunctuation(text: string): string {
  return text.replace(/[\s.;:!,]+$/, '');
}

/**
 * Lower-case the first letter unless the first word is an acronym, a CamelCase name or a
 * proper noun (a word the PRD capitalises mid-sentence, such as "Stripe").
 */
export function lowerFirst(text: string, proper: Set<string> = new Set()): string {
  const first = text.split(' ')[0] ?? '';
  if (/^[A-Z0-9]{2,}/.test(first) || /^[A-Z]\w*[A-Z]/.test(first) || proper.has(first)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function withArticle(noun: string): string {
  if (/^(a|an|the|each|every|any|some|my|our|their)\s/i.test(noun)) return noun;
  // "a user", "a unique id", "an hour": the sound decides, approximated by spelling.
  const vowel = /^[aeiou]/i.test(noun) && !/^(us|uni|eu|one|ub)/i.test(noun);
  return vowel || /^(hour|honest)/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

export function withoutArticle(text: string): string {
  return text.replace(/^(a|an|the)\s+/i, '');
}

/** Cut at a word boundary so titles stay readable. */
export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return stripEndPunctuation(space > max / 2 ? cut.slice(0, space) : text.slice(0, max));
}

export function kebab(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function pascal(text: string): string {
  return kebab(text).split('-').filter(Boolean).map(upperFirst).join('');
}

/** Crude singular: enough for entity names (invoices → invoice, entries → entry). */
export function singular(word: string): string {
  if (/(ss|us|is)$/i.test(word)) return word;
  if (/ies$/i.test(word)) return word.slice(0, -3) + 'y';
  if (/(sh|ch|x)es$/i.test(word)) return word.slice(0, -2);
  if (/s$/i.test(word)) return word.slice(0, -1);
  return word;
}

export function isPlural(nounPhrase: string): boolean {
  const words = withoutArticle(nounPhrase).split(' ');
  if (/^(each|every|a|an|one)$/i.test(words[0] ?? '')) return false;
  // A gerund phrase ("removing seats") is one action, whatever its object.
  if (gerundBase(words[0] ?? '')) return false;
  if (/\s(and)\s/i.test(nounPhrase)) return true;
  const head = (words[words.length - 1] ?? '').toLowerCase();
  return /s$/.test(head) && !/(ss|us|is)$/.test(head);
}

/** Lower-cased, stop-word-free, singular tokens: what two texts are compared on. */
export function tokens(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 3 && !STOP_WORDS.has(w))
    .map(singular);
}

export function overlap(a: string, b: string): number {
  const set = new Set(tokens(a));
  return new Set(tokens(b).filter((t) => set.has(t))).size;
}

/** First-person phrasing of a user story in the third person ("my team" → "their team"). */
export function thirdPersonPronouns(text: string, possessive = 'their'): string {
  return text
    .replace(/\bI am\b/g, 'they are')
    .replace(/\bI was\b/g, 'they were')
    .replace(/\bI'm\b/g, "they're")
    .replace(/\b(my|our)\b/gi, possessive)
    .replace(/\b(me|us)\b/g, 'them')
    .replace(/\bI\b/g, 'they');
}

/** Words the text capitalises mid-sentence ("through Stripe Billing"): kept capitalised. */
export function properNouns(text: string): Set<string> {
  return new Set([...text.matchAll(/(?<=[a-z0-9,;(]\s)([A-Z][A-Za-z0-9]+)/g)].map((m) => m[1]));
}

export function unique<T>(items: T[], key: (item: T) => string = (i) => String(i)): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "FR-001, FR-002, FR-003 and 4 more": long id lists stay readable. */
export function listIds(ids: string[], max = 6): string {
  return ids.length > max ? `${ids.slice(0, max).join(', ')} and ${ids.length - max} more` : ids.join(', ');
}

/** "FR-001" style ids. */
export function seqId(prefix: string, index: number): string {
  return `${prefix}-${String(index + 1).padStart(3, '0')}`;
}
