import type { FunctionalRequirement, SpecOutput } from '@flowguard/contracts';
import { readPrd, type ExtractedRequirement, type PrdDocument, type RequirementLevel } from '@flowguard/prd-reader';
import { expandRequirement, parseRequirement, type ParsedRequirement, type SpecRequirement } from './spec-parse';
import { scenariosOf } from './spec-scenarios';
import {
  baseVerb,
  lowerFirst,
  seqId,
  squash,
  stripEndPunctuation,
  thirdPersonPronouns,
  tokens,
  truncateWords,
  upperFirst,
  withArticle,
} from './spec-text';

export type NonFunctionalRequirement = SpecOutput['nonFunctionalRequirements'][number];

/** An FR together with what it was built from: plan, phases and risks key off these. */
export interface BuiltRequirement {
  fr: FunctionalRequirement;
  parsed: ParsedRequirement;
  /** The PRD's components (areas) this requirement touches; empty when none is named. */
  areas: string[];
}

const LEVEL_RANK: Record<RequirementLevel, number> = { MUST: 0, SHOULD: 1, MAY: 2 };
const GENERIC_SECTION =
  /^((functional|non-functional|product) )?(requirements?|user stor(y|ies)|stories|features?|scope|in scope|must[- ]haves?|should[- ]haves?|nice[- ]to[- ]haves?|details|notes|overview|specification|acceptance criteria)$/i;
const GENERIC_ACTOR = /^(a |the )?users?$/i;
/** NFRs that are also something to build (encrypt data, write an audit log, verify signatures). */
const CAPABILITY =
  /\b(encrypt\w*|decrypt\w*|audit (log|trail)s?|two-factor|2fa|mfa|single sign-on|signing secret|signatures?)\b/i;

function when(c: ParsedRequirement['condition']): string {
  return c ? ` ${c.keyword} ${c.text}` : '';
}

export function statementOf(p: ParsedRequirement): string {
  const not = p.negated ? ' NOT' : '';
  const modal = `The system ${p.level}`;
  const verbPhrase = [p.verb, p.object].filter(Boolean).join(' ');
  let sentence: string;
  switch (p.kind) {
    case 'system':
      sentence = `${modal}${not} ${verbPhrase}${when(p.condition)}`;
      break;
    case 'actor':
      sentence = `${modal}${not} allow ${p.exclusive ? 'only ' : ''}${p.actor} to ${verbPhrase}${when(p.condition)}`;
      break;
    case 'ensure': {
      const clause = [p.subject, p.predicate].filter(Boolean).join(' ');
      sentence = p.condition
        ? `${modal} ensure that, ${p.condition.keyword} ${p.condition.text}, ${clause}`
        : `${modal} ensure that ${clause}`;
      break;
    }
    case 'story': {
      const so = p.benefit ? `, so that ${thirdPersonPronouns(p.benefit)}` : '';
      const role = withArticle(p.actor ?? 'user');
      sentence = p.verb
        ? `${modal} allow ${role} to ${thirdPersonPronouns(verbPhrase)}${so}`
        : `${modal} provide ${role} with ${thirdPersonPronouns(p.object)}${so}`;
      break;
    }
  }
  const note = p.note ? ` ${upperFirst(stripEndPunctuation(p.note))}.` : '';
  return `${stripEndPunctuation(sentence)}.${note}`;
}

const CLAUSE_BREAK = / so that | so | because | instead of |, | and | with | from | when | while | by | for | in /g;
const DANGLING = /\s+(the|a|an|and|or|of|with|to|for|in|on|by|from|as|their|its)$/i;

/**
 * Cut a long title: drop parentheticals first, then cut at the latest clause boundary that
 * keeps at least half the budget, then at a word boundary.
 */
function shorten(title: string, max = 80): string {
  if (title.length <= max) return title;
  const plain = title.replace(/\s*\([^)]*\)/g, '');
  if (plain.length <= max) return plain;
  const cuts = [...plain.matchAll(CLAUSE_BREAK)].map((m) => m.index).filter((i) => i >= max / 2 && i <= max);
  const cut = cuts.length ? plain.slice(0, Math.max(...cuts)) : truncateWords(plain, max);
  // "… billing address entered" lost its "by the customer": the participle goes with it.
  return stripEndPunctuation(cut.replace(DANGLING, '').replace(/(\w{3,})\s+\w+ed$/, '$1'));
}

/** A verb-first title of at most 80 characters. */
export function titleOf(p: ParsedRequirement): string {
  const verbPhrase = [p.verb, p.object].filter(Boolean).join(' ');
  let title: string;
  switch (p.kind) {
    case 'system':
      title = p.negated ? `Do not ${verbPhrase}` : upperFirst(verbPhrase);
      break;
    case 'actor':
      if (p.negated) title = `Do not let ${p.actor} ${verbPhrase}`;
      else if (GENERIC_ACTOR.test(p.actor ?? '') && !p.exclusive) title = upperFirst(verbPhrase);
      else if (p.exclusive) title = `Limit who can ${verbPhrase}`;
      else title = `Let ${p.actor} ${verbPhrase}`;
      break;
    case 'story':
      title = p.verb ? upperFirst(thirdPersonPronouns(verbPhrase)) : `Provide ${thirdPersonPronouns(p.object)}`;
      break;
    case 'ensure': {
      // Passive clauses read better active: "invoices are generated as PDF" → "Generate invoices as PDF".
      const m = /^(is|are)\s+(not\s+|never\s+)?(\w+)\s*(.*)$/i.exec(p.predicate ?? '');
      const verb = m ? baseVerb(m[3]) : null;
      if (m && verb && p.subject && /(ed|en|[^aeiou]t)$/.test(m[3])) {
        // "… and processed idempotently" follows the first verb into the active voice.
        const tail = m[4].replace(/\band (\w+ed)\b/g, (all, w: string) => (baseVerb(w) ? `and ${baseVerb(w)}` : all));
        title = `${m[2] ? `Never ${verb}` : upperFirst(verb)} ${p.subject} ${tail}`.trim();
      } else title = `Ensure ${[p.subject, p.predicate].filter(Boolean).join(' ')}`;
      break;
    }
  }
  if (p.kind !== 'story' && p.condition) {
    const withCondition = `${title}${when(p.condition)}`;
    if (withCondition.length <= 80) title = withCondition;
  }
  return shorten(stripEndPunctuation(title));
}

function dedupeKey(text: string): string {
  return [...new Set(tokens(text))].sort().join(' ');
}

/**
 * Requirements the PRD states, compound sentences split, deduplicated, capped for the
 * complexity. When the cap bites MUST beats SHOULD beats MAY; survivors keep the PRD's order,
 * which groups them by section. Capability NFRs (encryption, audit logs) follow as FRs too.
 */
export function selectRequirements(prd: PrdDocument, cap: number): SpecRequirement[] {
  const capabilities = prd.nonFunctional
    .filter((n) => CAPABILITY.test(n.text))
    .map((n): ExtractedRequirement => ({ ...n, source: 'modal' }));
  const seen = new Set<string>();
  const kept = [...prd.requirements, ...capabilities].flatMap(expandRequirement).filter((r) => {
    const key = dedupeKey(r.text);
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (kept.length <= cap) return kept;
  const chosen = new Set(
    kept
      .map((r, index) => ({ r, index }))
      .sort((a, b) => LEVEL_RANK[a.r.level] - LEVEL_RANK[b.r.level] || a.index - b.index)
      .slice(0, cap)
      .map((x) => x.r),
  );
  return kept.filter((r) => chosen.has(r));
}

/** A goal with no extractable requirement (a one-liner) still yields FRs: one per sentence. */
export function requirementsFromGoal(goal: string): SpecRequirement[] {
  const sentences = squash(goal.replace(/^#+\s.*$/gm, ''))
    .split(/(?<=[.!?])\s+/)
    .map(stripEndPunctuation)
    .filter((s) => s.split(' ').length >= 2 && !s.endsWith('?'));
  // A goal asked as a question ("Can we add dark mode?") still names the work to do.
  const asked = stripEndPunctuation(squash(goal).replace(/\?+$/, '')).replace(
    /^(please|(can|could|should|shall) (we|you|i))\s+/i,
    '',
  );
  const list = sentences.length > 0 ? sentences : [asked || 'Deliver the requested change'];
  return list.map((text) => ({ text, level: 'MUST', source: 'bullet', section: null, userStory: null, note: null }));
}

/** Components that name a layer (where code goes) rather than a domain (what it is about). */
export const LAYERS = new Set([
  'API',
  'Database',
  'UI',
  'Mobile',
  'Core',
  'CLI',
  'Admin',
  'Observability',
  'Background jobs',
]);

/** The PRD's components a requirement touches, in the reader's own vocabulary; else the core one. */
function areasOf(text: string, components: string[], core: string): string[] {
  const found = readPrd(text).components.filter((c) => components.includes(c) && c !== 'Core');
  return found.length ? found : [core];
}

/** The component the feature is about: a domain component its title names, else the first domain one. */
export function coreComponent(title: string, components: string[]): string {
  const domain = components.filter((c) => !LAYERS.has(c));
  return readPrd(title).components.find((c) => domain.includes(c)) ?? domain[0] ?? components[0] ?? 'Core';
}

/** Where a requirement lives, for scenario wording: its section, else the feature. */
function placeOf(p: ParsedRequirement, feature: string): string {
  const section = p.section?.trim() ?? '';
  if (section && !GENERIC_SECTION.test(section) && section.toLowerCase() !== feature.toLowerCase()) {
    return `the ${lowerFirst(section)} flow`;
  }
  return `the ${feature}`;
}

export function buildFunctionalRequirements(
  requirements: SpecRequirement[],
  components: string[],
  feature: string,
  proper: Set<string>,
  core: string,
): BuiltRequirement[] {
  return requirements.map((req, i) => {
    const parsed = parseRequirement(req, proper);
    const fr: FunctionalRequirement = {
      id: seqId('FR', i),
      title: titleOf(parsed),
      statement: truncateWords(statementOf(parsed), 2000),
      level: parsed.level,
      scenarios: scenariosOf(parsed, placeOf(parsed, feature)),
    };
    return { fr, parsed, areas: areasOf(`${parsed.text} ${parsed.section ?? ''}`, components, core) };
  });
}

export function buildNonFunctional(prd: PrdDocument, cap: number, proper: Set<string>): NonFunctionalRequirement[] {
  const seen = new Set<string>();
  return prd.nonFunctional
    .filter((n) => {
      const key = dedupeKey(n.text);
      if (!key || seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, cap)
    .map((n, i) => {
      // An NFR keeps its compound parts together: it is one measurable constraint.
      const parts = expandRequirement({ ...n, userStory: null });
      const statements = parts.map((part) => statementOf(parseRequirement(part, proper)));
      return {
        id: seqId('NFR', i),
        category: truncateWords(upperFirst(n.category || 'Quality'), 60),
        statement: truncateWords(statements.join(' '), 2000),
      };
    });
}
