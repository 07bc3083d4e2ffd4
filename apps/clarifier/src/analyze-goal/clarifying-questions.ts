import type { Complexity, Question } from '@flowguard/contracts';
import type { ExtractedRequirement, PrdDocument } from '@flowguard/prd-reader';
import { mentionsExistingSystem, type CodebaseFacts } from './codebase-facts';

/** A question before it gets its position id (Q1…). */
type Draft = Omit<Question, 'id'>;

export const MAX_QUESTIONS = 5;
const MAX_OPEN_QUESTIONS = 2;
const MAX_SCOPE_CONFIRMATIONS = 2;
const QUOTE_CHARS = 180;

const ROLE_WORDS =
  /\b(admins?|administrators?|owners?|managers?|members?|guests?|viewers?|editors?|moderators?|roles?|teams?)\b/gi;
const ACCESS_CONTROL =
  /\b(permissions?|authori[sz]\w*|access control|rbac|role-based|only (the )?[\w -]{0,40}?(users?|admins?|administrators?|owners?|members?|managers?)|who can (see|view|access|edit|export|change)|(can|may|must) only be)\b/i;
/** Verbs of keeping data; "store" and "save" only with an object, so "session store" is no trigger. */
const KEEPS_DATA =
  /\b(stored|storing|saved|saving|persist\w*|history|archiv\w*|retain\w*|retention|records? of)\b|\b(store|save)s?\s+(the|all|every|each|their|its|a|an|them|it|data|records?)\b/i;
const KEEPS_FILES = /\b(download links?|uploads?|uploaded|attachments?|generated files?|file storage)\b/i;
const DATA_STORE_TECH =
  /^(PostgreSQL|MySQL|SQLite|MongoDB|DynamoDB|Redis|Elasticsearch|IndexedDB|Firebase|Prisma|TypeORM)$/;
const DATA_STORE_DEPENDENCY =
  /\b(pg|postgres\w*|mysql\d?|sqlite\d?|mongo\w*|typeorm|prisma|sequelize|knex|redis|ioredis)\b/i;
const FILE_STORE_DEPENDENCY = /\b(s3|aws-sdk|minio|gcs|@google-cloud\/storage|@azure\/storage-blob)\b/i;
const VOLUME_WORDS =
  /\b(exports?|imports?|bulk|batch|rows?|records|large|thousands?|millions?|sync\w*|uploads?|search\w*|reports?|feeds?|webhooks?)\b/i;
const ROLLOUT_OR_TESTING =
  /\b(roll ?out|feature flags?|beta|staged|canary|launch plan|tests?|testing|qa|acceptance criteria|success metrics?)\b/i;
/** "Build a todo app": a whole new product named in a few words. */
const NEW_PRODUCT =
  /\b(build|create|make|develop|launch|write)\b.*\b(app|application|service|platform|system|tool|website|site|api|bot|game)\b/i;
const THIN_GOAL_WORDS = 30;
const YES_NO_START = /^(do|does|did|is|are|can|could|should|shall|will|would|must|may|need|needs|has|have)\b/i;

export interface QuestionInput {
  doc: PrdDocument;
  /** The goal text without its out-of-scope items, so a non-goal never counts as covered. */
  inScopeText: string;
  facts: CodebaseFacts | null;
  mentionedPaths: string[];
  complexity: Complexity;
}

/**
 * Questions only for real gaps, most plan-changing first, at most five, ids Q1…Qn by
 * position. Each rule checks that the goal does not already answer it:
 * 0. a new product named in a few words with no stack: what the first version does, on what;
 * 1. the PRD's own open questions (at most two);
 * 2. people or roles named but no permissions;
 * 3. data or files kept but no storage named;
 * 4. volume-sensitive work (or any non-small one) with no performance or scale target;
 * 5. a large change with no rollout or testing plan;
 * 6. optional MAY items, then SHOULD items: in the first release or not (at most two);
 * 7. an existing system named without codebase context or file paths.
 */
export function clarifyingQuestions(input: QuestionInput): Question[] {
  const drafts = [
    ...thinProductQuestions(input),
    ...openQuestions(input.doc),
    permissionsQuestion(input),
    storageQuestion(input),
    performanceQuestion(input),
    rolloutQuestion(input),
    ...scopeConfirmations(input.doc),
    codebaseQuestion(input),
  ].filter((d): d is Draft => d !== null);
  return drafts.slice(0, MAX_QUESTIONS).map((draft, index) => ({ id: `Q${index + 1}`, ...draft }));
}

function thinProductQuestions({ doc, inScopeText, facts }: QuestionInput): Draft[] {
  const thin = doc.wordCount < THIN_GOAL_WORDS && doc.requirements.length <= 1 && doc.userStories.length === 0;
  if (!thin || facts || doc.technologies.length > 0 || !NEW_PRODUCT.test(inScopeText)) return [];
  return [
    {
      text: 'What must the first version do? List the must-have features.',
      whyItMatters: 'The goal names a product but not its features, so the spec would have to invent its requirements.',
      defaultAnswer:
        'The smallest useful version: create, list, edit and delete the core item, for signed-in users of one account, with no integrations.',
      choices: [],
    },
    {
      text: 'Which platform and stack should it use?',
      whyItMatters: 'The platform decides the project layout, the file changes in every ticket and how it is tested.',
      defaultAnswer: 'A web app: TypeScript with a React front end, a Node.js REST API and PostgreSQL.',
      choices: ['web app', 'mobile app', 'API only', 'command-line tool'],
    },
  ];
}

function openQuestions(doc: PrdDocument): Draft[] {
  return doc.openQuestions.slice(0, MAX_OPEN_QUESTIONS).map((raw) => {
    const text = /\?$/.test(raw) ? raw : `${raw.replace(/[.:;]+$/, '')}?`;
    const yesNo = YES_NO_START.test(text) && !/\bor\b/i.test(text);
    return {
      text: quote(text, 1000),
      whyItMatters: 'The PRD leaves this open itself; without an answer the spec and the tickets rest on a guess.',
      defaultAnswer: defaultForOpenQuestion(text, yesNo),
      choices: yesNo ? ['yes', 'no'] : [],
    };
  });
}

/** A conservative default: keep the first release to what the goal already commits to. */
function defaultForOpenQuestion(text: string, yesNo: boolean): string {
  if (yesNo) return 'No: keep the first release to what the requirements already state and revisit after launch.';
  if (/^who\b/i.test(text)) return 'Workspace owners and admins only; widen access after launch if users ask for it.';
  if (/^when\b/i.test(text)) return 'In the first release, behind a feature flag.';
  if (/^how (many|much|long|often)\b/i.test(text)) {
    return 'The smallest value that satisfies the MUST requirements, stated as an assumption in the spec.';
  }
  return 'The smallest option that satisfies the MUST requirements and needs no new infrastructure; the spec records it as an assumption and lists the alternatives as follow-ups.';
}

function permissionsQuestion({ doc, inScopeText }: QuestionInput): Draft | null {
  if (ACCESS_CONTROL.test(inScopeText) || doc.components.includes('Auth')) return null;
  const roles = new Set(doc.userStories.map((s) => s.role.toLowerCase()));
  for (const match of inScopeText.matchAll(ROLE_WORDS)) roles.add(match[1].toLowerCase().replace(/s$/, ''));
  if (roles.size === 0) return null;
  const named = [...roles].slice(0, 4).join(', ');
  return {
    text: `Who may use this and who may change it? The goal mentions ${named} but says nothing about permissions.`,
    whyItMatters:
      'Permissions decide the API guards, what the UI shows to people without access, and the forbidden-access tests.',
    defaultAnswer:
      'Reuse the existing roles: owners and admins can do everything this adds, other members can only view it; no new role.',
    choices: ['owners and admins only', 'every member', 'a new dedicated role'],
  };
}

function storageQuestion({ doc, inScopeText, facts }: QuestionInput): Draft | null {
  const dependencies = facts?.dependencies ?? [];
  const fileStoreNamed =
    doc.technologies.includes('S3') ||
    doc.components.includes('File storage') ||
    dependencies.some((d) => FILE_STORE_DEPENDENCY.test(d));
  if (!fileStoreNamed && KEEPS_FILES.test(inScopeText)) {
    return {
      text: 'Where are generated or uploaded files kept, and for how long?',
      whyItMatters: 'Files need a store, access control on download and a clean-up job; each is a ticket of its own.',
      defaultAnswer:
        'A private S3-compatible bucket; downloads use signed links that expire after 24 hours and files are deleted after 7 days.',
      choices: ['object storage (S3-compatible)', 'the application database', 'not kept: streamed once'],
    };
  }
  const dataStoreNamed =
    doc.technologies.some((t) => DATA_STORE_TECH.test(t)) ||
    doc.components.includes('Database') ||
    dependencies.some((d) => DATA_STORE_DEPENDENCY.test(d));
  if (dataStoreNamed || !KEEPS_DATA.test(inScopeText)) return null;
  return {
    text: 'Where should the data this feature keeps be stored?',
    whyItMatters: 'The store decides the data model, the migrations and how the feature is tested and backed up.',
    defaultAnswer:
      "In the service's existing relational database (PostgreSQL if there is none yet), in new tables added by a migration.",
    choices: ['existing relational database', 'a new dedicated store', 'client-side only'],
  };
}

function performanceQuestion({ doc, inScopeText, complexity }: QuestionInput): Draft | null {
  const hasTarget = doc.nonFunctional.some((r) => r.category === 'performance' || r.category === 'scalability');
  if (hasTarget || (complexity === 'small' && !VOLUME_WORDS.test(inScopeText))) return null;
  return {
    text: 'What volume must this handle, and how fast must it respond?',
    whyItMatters:
      'A volume or latency target decides between a synchronous request and a background job, and whether pagination, streaming or indexes are needed.',
    defaultAnswer:
      "Size it for 10x today's largest tenant; interactive requests answer within 2 s at p95 and anything slower runs as a background job.",
    choices: [],
  };
}

function rolloutQuestion({ inScopeText, complexity }: QuestionInput): Draft | null {
  if (complexity !== 'large' || ROLLOUT_OR_TESTING.test(inScopeText)) return null;
  return {
    text: 'How should this be rolled out and verified?',
    whyItMatters:
      'A large change needs a rollout path (flags, staged tenants) and tests planned as tickets, not added at the end.',
    defaultAnswer:
      'Behind a feature flag: internal tenants first, then 10% of tenants, then everyone; each step needs green integration tests and 48 h without new errors.',
    choices: ['feature flag, staged', 'all at once', 'beta tenants only'],
  };
}

function scopeConfirmations(doc: PrdDocument): Draft[] {
  const optional = doc.requirements.filter((r) => r.level === 'MAY');
  const recommended = doc.requirements.filter((r) => r.level === 'SHOULD');
  return [...optional, ...recommended].slice(0, MAX_SCOPE_CONFIRMATIONS).map(scopeConfirmation);
}

function scopeConfirmation(requirement: ExtractedRequirement): Draft {
  const item = quote(requirement.text.replace(/[.;]+$/, ''), QUOTE_CHARS);
  if (requirement.level === 'MAY') {
    return {
      text: `Is this optional item in scope for the first release: "${item}"?`,
      whyItMatters: 'Optional items add tickets; building them by default grows the plan without anyone asking for it.',
      defaultAnswer: 'no: leave it for a follow-up and list it as a non-goal in the spec.',
      choices: ['yes', 'no'],
    };
  }
  return {
    text: `Is this SHOULD item in scope for the first release: "${item}"?`,
    whyItMatters: 'SHOULD items are the first to be cut; confirming them now keeps the estimate and the phases honest.',
    defaultAnswer: 'yes: build it in the first release, as the last phase so it can be cut if time runs short.',
    choices: ['yes', 'no'],
  };
}

function codebaseQuestion({ inScopeText, facts, mentionedPaths }: QuestionInput): Draft | null {
  if (facts || mentionedPaths.length > 0 || !mentionsExistingSystem(inScopeText)) return null;
  return {
    text: 'Which existing modules or files does this change?',
    whyItMatters:
      'The goal extends an existing system but no codebase context came with it, so file changes in the plan would be guesses.',
    defaultAnswer:
      'Add new modules beside the existing ones and change existing code only where the goal names it; the spec lists every assumed path.',
    choices: [],
  };
}

function quote(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[\s,;:]+$/, '')}…`;
}
