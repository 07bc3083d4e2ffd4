import type { ClarificationOutput } from '@flowguard/contracts';
import type { ExtractedRequirement, PrdDocument } from '@flowguard/prd-reader';
import { mentionsExistingSystem, type CodebaseFacts } from './codebase-facts';

type Restatement = ClarificationOutput['restated'];

const GOALS_HEADING = /^(goals?|objectives?|aims?|outcomes?)\b/i;
const MAX_GOALS = 3;
const MAX_SCOPE_ITEMS = 6;
const ITEM_CHARS = 140;
const MAX_PATHS = 8;

/** GOAL / SCOPE / CONTEXT in plain sentences built from what the reader found. */
export function restate(
  doc: PrdDocument,
  goal: string,
  facts: CodebaseFacts | null,
  mentionedPaths: string[],
): Restatement {
  return {
    goal: restatedGoal(doc, goal),
    scope: restatedScope(doc),
    context: restatedContext(doc, goal, facts, mentionedPaths),
  };
}

/** The title, then the PRD's own goals when it lists them, else its summary. */
function restatedGoal(doc: PrdDocument, goal: string): string {
  const title = doc.title || short(goal.trim());
  const goals = doc.sections.find((s) => GOALS_HEADING.test(s.heading));
  const stated = goals?.bullets.length ? goals.bullets : goals?.text ? [goals.text] : [];
  if (stated.length > 0) return `${sentence(title)} Goals: ${stated.slice(0, MAX_GOALS).map(short).join('; ')}.`;
  if (doc.summary && !doc.summary.startsWith(title)) return `${sentence(title)} ${doc.summary}`;
  return sentence(doc.summary || title);
}

function restatedScope(doc: PrdDocument): string {
  const functional = doc.requirements;
  const counts = (['MUST', 'SHOULD', 'MAY'] as const)
    .map((level) => [level, functional.filter((r) => r.level === level).length] as const)
    .filter(([, n]) => n > 0)
    .map(([level, n]) => `${n} ${level}`);
  const areas = doc.components.filter((c) => c !== 'Core');
  const across = areas.length ? ` across ${areas.join(', ')}` : '';
  const parts = [
    functional.length > 0
      ? `In scope: ${functional.length} functional requirement${functional.length === 1 ? '' : 's'} ` +
        `(${counts.join(', ')})${across}: ${itemList(functional)}.`
      : `In scope: ${sentence(doc.title || 'the goal as stated').replace(/[.!?…]$/, '')}${across}.`,
  ];
  if (doc.nonFunctional.length > 0) {
    const categories = [...new Set(doc.nonFunctional.map((r) => r.category))];
    parts.push(`Non-functional (${categories.join(', ')}): ${itemList(doc.nonFunctional)}.`);
  }
  if (doc.outOfScope.length > 0) parts.push(`Out of scope: ${doc.outOfScope.map(short).join('; ')}.`);
  return parts.join(' ');
}

function restatedContext(
  doc: PrdDocument,
  goal: string,
  facts: CodebaseFacts | null,
  mentionedPaths: string[],
): string {
  const parts: string[] = [];
  if (facts) {
    const languages = facts.languages.length ? ` in ${facts.languages.join(', ')}` : '';
    parts.push(`Existing codebase: ${facts.fileCount} files${languages}.`);
    if (facts.summary) parts.push(`Codebase summary: ${short(facts.summary)}.`);
    if (facts.hotFiles.length) parts.push(`Shared files: ${facts.hotFiles.slice(0, MAX_PATHS).join(', ')}.`);
    if (facts.dependencies.length) parts.push(`Dependencies: ${facts.dependencies.slice(0, 12).join(', ')}.`);
  }
  if (doc.technologies.length) parts.push(`Technologies named: ${doc.technologies.join(', ')}.`);
  if (mentionedPaths.length) parts.push(`Files named in the goal: ${mentionedPaths.slice(0, MAX_PATHS).join(', ')}.`);
  if (!facts && (mentionsExistingSystem(goal) || mentionedPaths.length > 0)) {
    parts.push('Changes an existing system; no codebase context was provided.');
  }
  if (parts.length === 0) return 'Greenfield: no codebase context was provided and the goal names no existing system.';
  if (!facts && !parts.some((p) => p.startsWith('Changes an existing'))) {
    parts.push('Greenfield: no codebase context was provided.');
  }
  return parts.join(' ');
}

function itemList(items: ExtractedRequirement[]): string {
  const shown = items.slice(0, MAX_SCOPE_ITEMS).map((r) => short(r.text));
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join('; ')}; and ${rest} more` : shown.join('; ');
}

/** One list item: trailing punctuation dropped (the list adds its own), long ones cut at a word. */
function short(raw: string): string {
  const text = raw.replace(/[\s.,;:]+$/, '');
  if (text.length <= ITEM_CHARS) return text;
  const cut = text.slice(0, ITEM_CHARS - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), ITEM_CHARS / 2)).replace(/[\s,;:]+$/, '')}…`;
}

function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}
