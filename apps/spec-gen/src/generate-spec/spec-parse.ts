import type { ExtractedRequirement, RequirementLevel } from '@flowguard/prd-reader';
import { baseVerb, isPlural, isVerb, lowerFirst, squash, stripEndPunctuation, thirdPerson } from './spec-text';

/** An extracted requirement after compound sentences are split; `note` keeps context clauses. */
export interface SpecRequirement extends ExtractedRequirement {
  note: string | null;
}

export interface Condition {
  keyword: string;
  text: string;
}

/**
 * A requirement sentence taken apart into who does what under which condition. Statements,
 * titles and scenarios are all rebuilt from these parts, which is what keeps them specific to
 * the PRD's wording instead of boilerplate.
 */
export interface ParsedRequirement {
  text: string;
  level: RequirementLevel;
  section: string | null;
  note: string | null;
  /** system: "the system <verb> <object>"; actor: "<actor> can <verb> <object>"; ensure: a clause. */
  kind: 'system' | 'actor' | 'ensure' | 'story';
  negated: boolean;
  /** "Only admins may …": the actor restriction deserves its own refusal scenario. */
  exclusive: boolean;
  actor: string | null;
  verb: string | null;
  object: string;
  /** For `ensure`: the clause's subject and its predicate, conjugated ("invoices" / "are generated as PDF"). */
  subject: string | null;
  predicate: string | null;
  condition: Condition | null;
  benefit: string | null;
}

const SYSTEM_SUBJECT =
  /^(the |our |this )?(system|app|application|service|platform|api|server|backend|product|tool|software|client|frontend|ui|we|it)$/i;
const PEOPLE =
  /\b(users?|customers?|people|persons?|admins?|administrators?|owners?|members?|managers?|viewers?|editors?|guests?|visitors?|buyers?|sellers?|agents?|operators?|developers?|anyone|everyone)$/i;
const MODAL =
  /^(.*?)\b(must not|must never|shall not|shall never|should not|should never|may not|must|shall|should|may|will|can|needs? to|(?:is|are) required to|ha(?:s|ve) to)\s+(.*)$/i;
const MODAL_WORD = /\b(must|shall|should|may|needs? to|(?:is|are) required to)\b/i;
const TRIVIAL_CONDITION = /^(possible|needed|necessary|applicable|available|any|required|appropriate|relevant)$/i;
const DETERMINER = /^(the|a|an|every|each|all|its|their|our|any|no)$/i;
const SPLIT =
  /\s*;\s+|:\s+(?=[a-z])|,\s+so\s+(?!that)|,?\s+(?:and|but|while|so)\s+(?=(?:[\w'$().-]+\s+){0,6}?(?:must|shall|should|may)\b)/gi;

function levelOf(modal: string, fallback: RequirementLevel): RequirementLevel {
  if (/^should/i.test(modal)) return 'SHOULD';
  if (/^may/i.test(modal)) return 'MAY';
  if (/^(must|shall|need|is required|are required|has to|have to)/i.test(modal)) return 'MUST';
  return fallback;
}

/**
 * "Upgrades MUST take effect now and the customer MUST be charged …; removing seats SHOULD …"
 * holds several requirements, possibly at different levels: each becomes its own. Clauses
 * without a modal ("Stripe is the source of truth") stay with the requirement as a note.
 */
export function expandRequirement(req: ExtractedRequirement): SpecRequirement[] {
  if (req.userStory) return [{ ...req, note: null }];
  const cleaned = stripEndPunctuation(squash(req.text));
  // "PCI: we MUST never store card numbers" — the label is context, not a clause.
  const labelled = /^([A-Z][\w /&()-]{0,40}):\s+(.+)$/.exec(cleaned);
  const label = labelled && labelled[1].split(' ').length <= 4 && !MODAL_WORD.test(labelled[1]) ? labelled : null;
  const text = label ? label[2] : cleaned;
  const parts: string[] = [];
  let start = 0;
  for (const m of text.matchAll(SPLIT)) {
    const left = text.slice(start, m.index);
    // "Only the owner and admins MUST …" is one subject, not two clauses: a coordinating split
    // needs a modal on its left too.
    if (/^,?\s*(and|but|while|so)\s/i.test(m[0].trimStart()) && !/^,\s+so\s/.test(m[0]) && !MODAL_WORD.test(left)) {
      continue;
    }
    parts.push(left);
    start = m.index + m[0].length;
  }
  parts.push(text.slice(start));
  const clauses = parts.map((p) => p.trim()).filter(Boolean);
  const topic = label ? label[1] : null;
  if (clauses.filter((c) => MODAL_WORD.test(c)).length === 0) return [{ ...req, text: cleaned, note: null }];
  const out: SpecRequirement[] = [];
  const notes: string[] = [];
  let subject = '';
  for (const clause of clauses) {
    const m = MODAL.exec(clause);
    if (!m || !MODAL_WORD.test(m[2])) {
      if (out.length) out[out.length - 1].note = [out[out.length - 1].note, clause].filter(Boolean).join('; ');
      else notes.push(clause);
      continue;
    }
    // "… and MUST be updated in Stripe" shares the subject of the clause before it.
    const own = m[1].trim();
    if (own) subject = own;
    const full = own ? clause : `${subject} ${clause}`;
    out.push({ ...req, text: full, level: levelOf(m[2], req.level), note: null });
  }
  if (notes.length) out[0].note = [notes.join('; '), out[0].note].filter(Boolean).join('; ');
  if (topic) out[0].note = out[0].note ? `${topic}: ${out[0].note}` : topic;
  return out;
}

function splitCondition(text: string): { main: string; condition: Condition | null } {
  const leading = /^(when|whenever|if|once|upon|after|as soon as)\s+([^,]+),\s*(.+)$/i.exec(text);
  if (leading && leading[2].split(' ').length >= 2) {
    return { main: leading[3], condition: { keyword: leading[1].toLowerCase(), text: leading[2] } };
  }
  const trailing = /^(.+?),?\s+\b(when|whenever|if|once|upon|as soon as)\s+(.+)$/i.exec(text);
  if (trailing && trailing[1].split(' ').length >= 2 && trailing[3].split(' ').length >= 2) {
    if (!TRIVIAL_CONDITION.test(trailing[3])) {
      return { main: trailing[1], condition: { keyword: trailing[2].toLowerCase(), text: trailing[3] } };
    }
  }
  return { main: text, condition: null };
}

/** "After 14 days without payment the workspace" → condition + subject (no comma to split on). */
function splitLeadingCondition(subject: string): { subject: string; condition: Condition | null } {
  const m = /^(when|whenever|if|once|upon|after)\s+(.+)$/i.exec(subject);
  if (!m) return { subject, condition: null };
  const words = m[2].split(' ');
  let at = -1;
  words.forEach((w, i) => {
    if (i > 0 && DETERMINER.test(w)) at = i;
  });
  if (at < 1) return { subject, condition: null };
  return {
    subject: words.slice(at).join(' '),
    condition: { keyword: m[1].toLowerCase(), text: words.slice(0, at).join(' ') },
  };
}

/** "be generated" → "are generated" / "respect X" → "respects X", agreeing with the subject. */
export function conjugate(subject: string, predicate: string): string {
  const plural = isPlural(subject);
  const be = plural ? 'are' : 'is';
  const words = predicate.split(' ');
  const [first = '', second = ''] = words;
  const rest = (n: number) => words.slice(n).join(' ');
  let out: string;
  if (first === 'be') out = `${be} ${rest(1)}`;
  else if (/^(not|never|always|only)$/.test(first) && second === 'be') out = `${be} ${first} ${rest(2)}`;
  else if (first === 'not') out = `${plural ? 'do' : 'does'} not ${rest(1)}`;
  else if (/^(never|always|only|automatically)$/.test(first)) {
    const verb = baseVerb(second) ?? second;
    out = `${first} ${plural ? verb : thirdPerson(verb)} ${rest(2)}`;
  } else {
    // After a modal the next word is a verb even when the lexicon does not know it ("equal").
    const verb = baseVerb(first) ?? first;
    out = `${plural ? verb : thirdPerson(verb)} ${rest(1)}`;
    // "create and manage subscriptions": both verbs agree.
    if (!plural && second === 'and' && isVerb(words[2] ?? '')) {
      out = `${thirdPerson(verb)} and ${thirdPerson(words[2].toLowerCase())} ${rest(3)}`;
    }
  }
  // "keeps both versions and let the user pick one": coordinated verbs agree too.
  if (!plural) {
    out = out.replace(/\band (\w+)(?= (the|a|an|them|it|their|its|all|every)\b)/g, (all, w: string) =>
      isVerb(w) ? `and ${thirdPerson(w.toLowerCase())}` : all,
    );
  }
  return out.trim();
}

function stripAdverbs(rest: string): { rest: string; negated: boolean } {
  let negated = false;
  let out = rest;
  for (let m = /^(not|never|always|also|automatically)\s+(.*)$/i.exec(out); m;) {
    if (/^(not|never)$/i.test(m[1])) negated = true;
    out = m[2];
    m = /^(not|never|always|also|automatically)\s+(.*)$/i.exec(out);
  }
  return { rest: out, negated };
}

export function parseRequirement(req: SpecRequirement, proper: Set<string>): ParsedRequirement {
  const text = stripEndPunctuation(squash(req.text)).replace(/^[-*+]\s+/, '');
  const base = {
    text,
    level: req.level,
    section: req.section,
    note: req.note,
    benefit: null,
    condition: null,
    exclusive: false,
  };
  const none = { actor: null, verb: null, object: '', subject: null, predicate: null };
  if (req.userStory) {
    const want = stripEndPunctuation(squash(req.userStory.want)).replace(/^(to|be able to)\s+/i, '');
    const verb = baseVerb(want.split(' ')[0] ?? '');
    return {
      ...base,
      kind: 'story',
      negated: false,
      actor: squash(req.userStory.role).replace(/^(a|an|the)\s+/i, ''),
      verb,
      object: verb ? want.split(' ').slice(1).join(' ') : want,
      subject: null,
      predicate: null,
      benefit: req.userStory.benefit ? stripEndPunctuation(squash(req.userStory.benefit)) : null,
    };
  }
  const split = splitCondition(text);
  const modal = MODAL.exec(split.main);
  if (modal) {
    const lead = splitLeadingCondition(modal[1].trim());
    const condition = split.condition ?? lead.condition;
    const subject = lead.subject;
    const modalNegated = /not|never/i.test(modal[2]);
    const { rest, negated } = stripAdverbs(modal[3]);
    const isSystem = subject === '' || SYSTEM_SUBJECT.test(subject);
    const ableTo = /^be able to\s+(.*)$/i.exec(rest);
    const [verbWord = '', ...obj] = (ableTo ? ableTo[1] : rest).split(' ');
    const person = !isSystem && PEOPLE.test(subject.replace(/\s+(with|who|that|in|on|of)\s.*$/i, ''));
    if (ableTo || (person && verbWord && !/^(be|have|get)$/i.test(verbWord))) {
      return {
        ...base,
        ...none,
        condition,
        kind: 'actor',
        negated: modalNegated || negated,
        exclusive: /^only\s/i.test(subject),
        actor: isSystem ? 'users' : lowerFirst(subject.replace(/^only\s+/i, ''), proper),
        verb: baseVerb(verbWord) ?? verbWord.toLowerCase(),
        object: obj.join(' '),
      };
    }
    if (isSystem && verbWord) {
      return {
        ...base,
        ...none,
        condition,
        kind: 'system',
        negated: modalNegated || negated,
        verb: baseVerb(verbWord) ?? verbWord.toLowerCase(),
        object: obj.join(' '),
      };
    }
    const subj = lowerFirst(subject, proper);
    const predicate = `${modalNegated ? 'not ' : ''}${negated ? 'never ' : ''}${rest}`.replace(/^not never /, 'never ');
    return {
      ...base,
      ...none,
      condition,
      kind: 'ensure',
      negated: modalNegated || negated,
      subject: subj,
      predicate: conjugate(subj, predicate).replace(/\s+(and|or)\s+(must|shall|should|may)\s+/gi, ' $1 '),
    };
  }
  // No modal: a verb-first bullet ("Export the current view", "Supports dark mode") is an
  // instruction to the system; anything else is a statement the system must make true.
  const words = split.main.split(' ');
  const verb = baseVerb(words[0] ?? '');
  if (verb) {
    return { ...base, ...none, condition: split.condition, kind: 'system', negated: false, verb, object: rest1(words) };
  }
  // "Invoices are generated as PDF": split at the verb so titles and scenarios can name the subject.
  const copula = words.findIndex((w, i) => i > 0 && /^(is|are)$/i.test(w));
  const at = copula > 0 ? copula : words.findIndex((w, i) => i > 0 && baseVerb(w) !== null && !isVerb(w));
  return {
    ...base,
    ...none,
    condition: split.condition,
    kind: 'ensure',
    negated: /\b(not|never)\b/i.test(split.main),
    subject: at > 0 ? lowerFirst(words.slice(0, at).join(' '), proper) : null,
    predicate: at > 0 ? words.slice(at).join(' ') : lowerFirst(split.main, proper),
  };
}

function rest1(words: string[]): string {
  return words.slice(1).join(' ');
}
