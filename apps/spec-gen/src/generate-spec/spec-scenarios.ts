import type { FunctionalRequirement } from '@flowguard/contracts';
import { conjugate, type Condition, type ParsedRequirement } from './spec-parse';
import { baseVerb, gerundBase, isPlural, participle, singular, withArticle, withoutArticle } from './spec-text';

type Scenario = FunctionalRequirement['scenarios'][number];

/**
 * Preconditions keyed by what a requirement talks about. The first row whose pattern the
 * requirement's text matches wins, so the more specific rows come first.
 */
const PRECONDITIONS: Array<[RegExp, string]> = [
  [/\bconflict/i, 'two devices changed the same item while disconnected'],
  [/\boffline\b|no network|without (a )?network|no connection/i, 'the device has no network connection'],
  [/\bsync/i, 'the user is signed in on more than one device'],
  [/\bencrypt|\bdecrypt|ciphertext/i, 'the user has set up encryption keys on their device'],
  [/\broles?\b|\bpermissions?\b/i, 'users with and without the required role exist'],
  [/\bprorat/i, 'a subscription is partway through its billing period'],
  [/\bseats?\b/i, 'a team has an active subscription with a number of seats'],
  [/\bdunning|payment fails|failed payment|without a successful payment|declined/i, 'a recurring payment has failed'],
  [/\binvoices?\b/i, 'a customer has paid invoices'],
  [/\bcard|\bpayment method|\bpci\b/i, 'a customer is entering payment details'],
  [/\bwebhooks?\b/i, 'the provider has an event to deliver'],
  [/\bsubscri|\bbilling\b|\bplans?\b|\bupgrade|\bdowngrade/i, 'a customer has an active subscription'],
  [/\bfilters?\b|\bsort/i, 'a report is shown with filters and a sort order applied'],
  [/\bexports?\b|\bcsv\b|\bdownload/i, 'a user is viewing data they are allowed to export'],
  [/\bsettings|\btoggle|\bpreference|\btheme\b|\bdark mode/i, 'a signed-in user is on the settings page'],
  [/\badmins?\b/i, 'a user with the admin role is signed in'],
  [/\bemails?\b|\bnotif/i, 'the recipient has a verified email address'],
  [/\bsearch/i, 'content has been indexed for search'],
  [/\bupload|\battachment/i, 'a user has a file to upload'],
  [/\baudit/i, 'audit logging is enabled'],
];

/** Words that end the noun phrase a verb acts on ("the report | as CSV"). */
const PHRASE_END =
  /\s(as|to|from|with|in|on|for|by|into|within|while|without|when|so|that|via|using|at|per|across|after|before|including|instead)\s/i;
const UI_NOUN = /\b(page|screen|banner|button|view|list|dialog|modal|form|tab|menu|toast|badge|toggle|link)s?$/i;
const BUILD_VERBS = /^(add|build|create|implement|introduce|provide|show|display|include|support)$/i;

/** "export" + "the current report as CSV" → "the current report is exported as CSV". */
export function passiveOf(verb: string | null, object: string): string | null {
  if (!verb || !baseVerb(verb) || !object) return null;
  const padded = ` ${object} `;
  const m = PHRASE_END.exec(padded);
  const np = (m ? padded.slice(0, m.index) : object).trim();
  const rest = m ? padded.slice(m.index).trim() : '';
  if (!np || /^(to|that|how|whether|which|what|and|or)\b/i.test(np)) return null;
  return [np, isPlural(np) ? 'are' : 'is', participle(baseVerb(verb) ?? verb), rest].filter(Boolean).join(' ');
}

/** "the workspace owner and users with the admin role" → "the workspace owner". */
function oneActor(actor: string): string {
  const first = actor.split(/\s+(?:and|or)\s+/)[0] ?? actor;
  if (/^(the|a|an)\s/i.test(first)) return first;
  const words = withoutArticle(first).split(' ');
  const head = words.findIndex((w) => /^(with|who|that|in|on|of)$/i.test(w));
  const noun = head > 0 ? words.slice(0, head) : words;
  const last = noun.pop() ?? 'user';
  return withArticle([...noun, singular(last)].join(' '));
}

function conditionWhen(c: Condition): string {
  const duration = /^(\d+|a|an|one|two|three|seven|thirty) (minutes?|hours?|days?|weeks?|months?)\b\s*(.*)$/i.exec(
    c.text,
  );
  if (c.keyword === 'after' && duration) {
    return `${duration[1]} ${duration[2]} pass ${duration[3]}`.trim();
  }
  return c.keyword === 'after' ? `after ${c.text}` : c.text;
}

function precondition(p: ParsedRequirement, place: string): string {
  const text = `${p.text} ${p.note ?? ''}`;
  const hit = PRECONDITIONS.find(([re]) => re.test(text)) ?? PRECONDITIONS.find(([re]) => re.test(p.section ?? ''));
  if (hit) return hit[1];
  if (p.kind === 'actor') return `${oneActor(p.actor ?? 'users')} is signed in and using ${place}`;
  return `${place} is available`;
}

function storyScenario(p: ParsedRequirement): Scenario {
  const want = [p.verb, p.object].filter(Boolean).join(' ');
  const outcome = p.benefit ?? passiveOf(p.verb, p.object) ?? `the system confirms that I can ${want}`;
  return {
    given: `I am ${withArticle(p.actor ?? 'user')}`,
    when: p.verb ? `I ${want}` : `I ask for ${want}`,
    then: outcome,
  };
}

/** A WHEN for a clause with no trigger of its own, chosen by what its subject and predicate say. */
function subjectWhen(subject: string, predicate: string, place: string): string {
  const head = withoutArticle(subject).split(' ');
  const noun = singular(head[head.length - 1] ?? '');
  const one = withArticle(subject.replace(/^(every|each|all|any|the)\s+/i, '').replace(/\w+$/, singular));
  if (UI_NOUN.test(subject)) return `${subject} is shown`;
  if (gerundBase(head[0] ?? '')) return `a user starts ${subject}`;
  if (/\bby default\b/i.test(predicate)) return `a new user starts using ${place}`;
  // "every note is readable offline": the user opening one is the moment it matters.
  if (/^(is|are) (\w+able|available|visible|accessible|listed)\b/i.test(predicate)) return `a user opens ${one}`;
  if (baseVerb(noun) === noun) return head.length <= 2 ? `a user requests ${withArticle(noun)}` : `${subject} occurs`;
  return `${place} handles ${subject}`;
}

/**
 * GIVEN/WHEN/THEN rebuilt from the requirement's own parts: its condition becomes the WHEN,
 * its verb and object the THEN, so each scenario can be turned into a test as written.
 */
export function scenariosOf(p: ParsedRequirement, place: string): Scenario[] {
  if (p.kind === 'story') return [storyScenario(p)];
  const given = precondition(p, place);
  const verbPhrase = [p.verb, p.object].filter(Boolean).join(' ');
  const trigger = p.condition ? conditionWhen(p.condition) : null;
  if (p.kind === 'actor') {
    const who = oneActor(p.actor ?? 'users');
    const scenarios: Scenario[] = [
      {
        given,
        when: trigger ?? `${who} ${conjugate(who, verbPhrase)}`,
        then: p.negated
          ? `the request is refused and nothing changes`
          : (passiveOf(p.verb, p.object) ?? `${who} can ${verbPhrase}`),
      },
    ];
    if (p.exclusive) {
      scenarios.push({
        given: `a signed-in user who is not ${withoutArticle(p.actor ?? 'an allowed user')}`,
        when: `they try to ${verbPhrase}`,
        then: 'the request is refused and nothing changes',
      });
    }
    return scenarios;
  }
  if (p.kind === 'system') {
    const place2 = /^(.+?)\s+(to|on|in|into)\s+(the\s+.+)$/i.exec(p.object);
    if (!trigger && p.verb && BUILD_VERBS.test(p.verb) && place2) {
      // "Add a dark mode toggle to the settings page" describes UI to build: test it where it lives.
      return [{ given, when: `a user opens ${place2[3]}`, then: `${place2[1]} is available on ${place2[3]}` }];
    }
    return [
      {
        given,
        when: trigger ?? `a request to ${verbPhrase} is made`,
        then: p.negated ? `the system does not ${verbPhrase}` : `the system ${conjugate('the system', verbPhrase)}`,
      },
    ];
  }
  return [
    {
      given,
      when: trigger ?? (p.subject ? subjectWhen(p.subject, p.predicate ?? '', place) : `${place} is used`),
      then: [p.subject, p.predicate].filter(Boolean).join(' '),
    },
  ];
}
