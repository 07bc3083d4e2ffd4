import type { FunctionalRequirement, TicketsInput } from '@flowguard/contracts';
import { fileChangeHours, requirementHours } from './ticket-effort';
import { describeFile, mostCommon, type FileInfo } from './ticket-files';
import { attachTestFiles, groupByPhase, groupBySide } from './ticket-grouping';
import {
  assignPhases,
  bestIndex,
  inverseFrequency,
  phaseKeywords,
  requirementKeywords,
  similarity,
  type Keywords,
} from './ticket-match';
import { phrasing, startsWithVerb, truncate, upperFirst, type Phrasing } from './ticket-text';

export type WorkKind = 'feature' | 'bugfix' | 'refactor';

/** A unit of implementation work that becomes one task (possibly several merged). */
export interface WorkItem {
  origin: 'requirement' | 'file';
  kind: WorkKind;
  /** The requirements this item covers; a file item lists the requirement it supports, if any. */
  requirements: FunctionalRequirement[];
  files: FileInfo[];
  hours: number;
  component: string;
  domain: string;
  /** Verb-first summaries, one per merged item, joined into the title. */
  summaries: string[];
  /** 0-based index of the spec phase the item came from (kept when issues merge). */
  phaseNo: number;
  /** Set when maxTickets forced more than 8 h into one task. */
  oversized: boolean;
}

export interface IssueDraft {
  phaseNos: number[];
  component: string;
  /** frontend / backend for issues of a single-phase spec split by side; '' otherwise. */
  side: string;
  work: WorkItem[];
  testFiles: FileInfo[];
}

export interface PlanDraft {
  input: TicketsInput;
  /** Issues per spec phase, or per side of the stack (frontend/backend) for a one-phase spec. */
  grouping: 'phase' | 'component';
  issues: IssueDraft[];
  /** One test task per issue, one for the whole epic, or folded into the work tasks. */
  testMode: 'per-issue' | 'per-epic' | 'folded';
  docs: boolean;
  docsFiles: FileInfo[];
  mainComponent: string;
  phaseOf: Map<string, number>;
  say: Phrasing;
}

// A file joins a requirement's task when it scores at least this much (one distinctive shared
// word such as "proration", or a few common ones) and at least a third of the best file's score.
const MIN_FILE_SCORE = 1;
const MAX_FILES_PER_TASK = 4;

const BUGFIX = /\b(fix|fixes|fixing|bug|bugs|bugfix|regression|broken)\b/i;
const REFACTOR = /\b(refactor\w*|renam\w*|extract\w*|replac\w*)\b/i;

export function detectKind(text: string): WorkKind {
  if (BUGFIX.test(text)) return 'bugfix';
  if (REFACTOR.test(text)) return 'refactor';
  return 'feature';
}

const KIND_VERB: Record<WorkKind, string> = { feature: 'Implement', bugfix: 'Fix', refactor: 'Refactor' };

/** The component a task belongs to: the one its matched files add up to the most score for. */
function leadComponent(picks: Pick[]): Pick['file'] | undefined {
  const totals = new Map<string, number>();
  for (const p of picks) totals.set(p.file.component, (totals.get(p.file.component) ?? 0) + p.score);
  const [best] = [...totals].sort((a, b) => b[1] - a[1]);
  return picks.find((p) => p.file.component === best?.[0])?.file;
}

function requirementItem(
  fr: FunctionalRequirement,
  picks: Pick[],
  phaseNo: number,
  input: TicketsInput,
  say: Phrasing,
): WorkItem {
  const kind = detectKind(`${fr.title} ${fr.statement}`);
  const lead = leadComponent(picks);
  return {
    origin: 'requirement',
    kind,
    requirements: [fr],
    files: picks.map((p) => p.file),
    hours: requirementHours(fr, picks.length, input.complexity),
    component: lead?.component ?? 'Core',
    domain: lead?.domain ?? 'Core',
    summaries: [truncate(say.verbFirst(fr.title, KIND_VERB[kind]), 90)],
    phaseNo,
    oversized: false,
  };
}

function fileItem(
  file: FileInfo,
  support: FunctionalRequirement | undefined,
  phaseNo: number,
  input: TicketsInput,
): WorkItem {
  const { change } = file;
  const kind = change.action === 'delete' ? 'refactor' : detectKind(change.description);
  const verb = { create: 'Create', modify: 'Update', delete: 'Remove' }[change.action];
  const name = change.path.split('/').pop() ?? change.path;
  const summary = startsWithVerb(change.description)
    ? upperFirst(change.description)
    : `${verb} ${name}: ${change.description}`;
  return {
    origin: 'file',
    kind,
    requirements: support ? [support] : [],
    files: [file],
    hours: fileChangeHours(change.action, input.complexity),
    component: file.component,
    domain: file.domain,
    summaries: [truncate(summary, 90)],
    phaseNo,
    oversized: false,
  };
}

interface Pick {
  file: FileInfo;
  score: number;
}

/**
 * Files for each requirement. Forward: the files scoring at least MIN_FILE_SCORE and a third
 * of the requirement's best (at most four). Backward: a file no requirement picked joins the
 * requirement it scores best with, if that clears MIN_FILE_SCORE — shared files such as a
 * controller land with the requirement that needs them most instead of in a task of their own.
 */
function matchFiles(frKw: Keywords[], code: FileInfo[]): { picks: Pick[][]; scores: number[][] } {
  const idf = inverseFrequency(code.map((f) => f.keywords));
  const scores = frKw.map((kw) => code.map((f) => similarity(kw, f.keywords, idf)));
  const picks = scores.map((row) => {
    const best = Math.max(...row);
    return code
      .map((file, i) => ({ file, score: row[i] ?? 0 }))
      .filter((x) => x.score >= Math.max(MIN_FILE_SCORE, best / 3))
      .sort((a, b) => b.score - a.score)
      .slice(0, MAX_FILES_PER_TASK);
  });
  const claimed = new Set(picks.flat().map((p) => p.file));
  code.forEach((file, i) => {
    if (claimed.has(file)) return;
    const column = scores.map((row) => row[i] ?? 0);
    const best = bestIndex(column, 0);
    if ((column[best] ?? 0) >= MIN_FILE_SCORE) picks[best]?.push({ file, score: column[best] ?? 0 });
  });
  return { picks, scores };
}

export function draftPlan(input: TicketsInput): PlanDraft {
  const { spec } = input;
  const frs = spec.functionalRequirements;
  const all = spec.technicalPlan.fileChanges.map(describeFile);
  const supportFiles = all.filter((f) => !f.isTest && !f.isDocs);
  const code = supportFiles.length > 0 ? supportFiles : all;
  const say = phrasing(spec);
  const frKw = requirementKeywords(frs);
  const phaseOf = assignPhases(spec, frKw);
  const { picks, scores } = matchFiles(frKw, code);

  // A requirement with no keyword overlap takes its best partial match, else the file its
  // phase touches most (else the plan's first), so every task names a technical-plan file.
  const items = frs.map((fr, i) => {
    const phaseNo = phaseOf.get(fr.id) ?? 0;
    let own = picks[i] ?? [];
    const row = scores[i] ?? [];
    if (own.length === 0 && Math.max(...row) > 0) own = [{ file: code[bestIndex(row, 0)] as FileInfo, score: 0 }];
    if (own.length === 0) {
      const inPhase = picks.flatMap((p, j) => (phaseOf.get(frs[j]?.id ?? '') === phaseNo ? p : []));
      const path = mostCommon(
        inPhase.map((p) => p.file.change.path),
        code[0]?.change.path ?? '',
      );
      own = code.filter((f) => f.change.path === path).map((file) => ({ file, score: 0 }));
    }
    return requirementItem(fr, own, phaseNo, input, say);
  });

  // Code files still unclaimed need doing too: one task each, in the earlier of the phase of
  // the requirement they resemble most and the phase whose text matches them best — they are
  // usually groundwork (a client wrapper, a migration) that later work builds on.
  const claimed = new Set(items.flatMap((w) => w.files.map((f) => f.change.path)));
  const phaseKw = spec.phases.map(phaseKeywords);
  const phaseIdf = inverseFrequency(phaseKw);
  const fileItems = code
    .filter((f) => !claimed.has(f.change.path))
    .map((file) => {
      const column = scores.map((row) => row[code.indexOf(file)] ?? 0);
      const nearest = Math.max(...column) > 0 ? frs[bestIndex(column, 0)] : undefined;
      const byText = phaseKw.map((kw) => similarity(file.keywords, kw, phaseIdf));
      const candidates = [
        ...(nearest ? [phaseOf.get(nearest.id) ?? 0] : []),
        ...(Math.max(...byText) > 0 ? [bestIndex(byText, 0)] : []),
      ];
      return fileItem(file, nearest, candidates.length > 0 ? Math.min(...candidates) : 0, input);
    });

  // Schema changes first: the tasks that need the tables come after them.
  const isDb = (w: WorkItem): boolean => w.component.endsWith(' DB');
  const ordered = [...fileItems.filter(isDb), ...items, ...fileItems.filter((w) => !isDb(w))];
  const grouping = spec.phases.length > 1 ? 'phase' : 'component';
  const issues = grouping === 'phase' ? groupByPhase(spec.phases.length, ordered) : groupBySide(ordered);
  attachTestFiles(
    issues,
    all.filter((f) => f.isTest),
  );
  return {
    input,
    grouping,
    issues,
    testMode: 'per-issue',
    docs: true,
    docsFiles: all.filter((f) => f.isDocs),
    mainComponent: mostCommon(
      code.map((f) => f.domain),
      'Core',
    ),
    phaseOf,
    say,
  };
}
