import type { ClarificationOutput, Complexity } from '@flowguard/contracts';
import type { PrdDocument } from '@flowguard/prd-reader';
import { isSharedPath, mentionsExistingSystem, type CodebaseFacts } from './codebase-facts';

type ConflictRisk = ClarificationOutput['conflictRisk'];

/** Words that say the work edits code others build on, not just adds beside it. */
const RESHAPING =
  /\b(refactor\w*|migrate|migrating|replac(e|es|ed|ing)|rewrit\w*|renam\w*|restructur\w*|deprecat\w*|consolidat\w*)\b/i;
const DATA_MODEL =
  /\b(migrations?|schema changes?|new tables?|data model|new columns?|add(s|ing)? a column|alter table|gains an? [\w`' -]{1,40}column)\b/i;
const MANY_AREAS = 5;
const SOME_AREAS = 3;
const MAX_LISTED = 4;

/**
 * How likely this work collides with parallel work: each signal adds points and a reason;
 * 4+ points is high, 2-3 medium, less low. Signals: many areas touched (2 points from 5
 * areas, 1 from 3), an existing codebase, shared or very large files, data model changes,
 * reshaping words (refactor, migrate, replace, rename) and a large change (a long-lived branch).
 */
export function assessConflictRisk(
  doc: PrdDocument,
  goal: string,
  facts: CodebaseFacts | null,
  mentionedPaths: string[],
  complexity: Complexity,
): ConflictRisk {
  let points = 0;
  const reasons: string[] = [];
  const add = (weight: number, reason: string): void => {
    points += weight;
    reasons.push(reason);
  };

  const areas = doc.components.filter((c) => c !== 'Core');
  if (areas.length >= SOME_AREAS) {
    add(
      areas.length >= MANY_AREAS ? 2 : 1,
      `touches ${areas.length} areas (${areas.join(', ')}), so it meets other work in each of them`,
    );
  }
  if (facts && facts.fileCount > 0) {
    add(1, `changes an existing codebase of ${facts.fileCount} files`);
  } else if (mentionsExistingSystem(goal) || mentionedPaths.length > 0) {
    add(1, 'extends an existing system rather than starting fresh');
  }
  const hot = [...new Set([...(facts?.hotFiles ?? []), ...mentionedPaths.filter(isSharedPath)])];
  if (hot.length > 0) {
    add(1, `shared or large files that other changes edit too: ${listed(hot)}`);
  }
  const dataModel = DATA_MODEL.exec(goal);
  if (dataModel)
    add(1, `changes the data model ("${dataModel[0]}"): migrations from parallel branches must be ordered`);
  const reshaping = RESHAPING.exec(goal);
  if (reshaping) add(1, `"${reshaping[0]}" means editing code that others build on`);
  if (complexity === 'large')
    add(1, 'a large change lives on a branch for long, so the rest of the code moves under it');

  if (reasons.length === 0)
    reasons.push('self-contained: few areas, no shared files, migrations or refactoring mentioned');
  return { level: points >= 4 ? 'high' : points >= 2 ? 'medium' : 'low', reasons };
}

function listed(items: string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ');
  return items.length > MAX_LISTED ? `${shown} and ${items.length - MAX_LISTED} more` : shown;
}
