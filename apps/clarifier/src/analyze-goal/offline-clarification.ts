import { ClarificationOutput, type ClarificationInput } from '@flowguard/contracts';
import type { OfflinePlanner } from '@flowguard/llm';
import { readPrd, type PrdDocument } from '@flowguard/prd-reader';
import { clarifyingQuestions } from './clarifying-questions';
import { codebaseFactsOf, pathsMentionedIn } from './codebase-facts';
import { complexitySignalsOf, triageComplexity } from './complexity';
import { assessConflictRisk } from './conflict-risk';
import { restate } from './restatement';

/**
 * The clarifier's answer when no LLM is configured: a rule-based reading of the goal
 * (requirements, components, technologies, gaps), deterministic and offline. It answers
 * the same ClarificationOutput the clarification prompt asks a model for.
 */
export function analyzeGoalOffline(input: ClarificationInput): ClarificationOutput {
  const doc = readPrd(input.goal);
  const facts = codebaseFactsOf(input.codebaseContext);
  const mentionedPaths = pathsMentionedIn(input.goal);
  const inScopeText = withoutOutOfScope(input.goal, doc);
  const complexity = triageComplexity(complexitySignalsOf(doc));

  // Parsing is a guard on our own rules: a bug here fails loudly instead of emitting a bad event.
  return ClarificationOutput.parse({
    restated: restate(doc, input.goal, facts, mentionedPaths),
    complexity,
    conflictRisk: assessConflictRisk(doc, inScopeText, facts, mentionedPaths, complexity),
    questions: clarifyingQuestions({ doc, inScopeText, facts, mentionedPaths, complexity }),
  });
}

/** The same function, typed as the offline planner the LLM layer routes the 'clarification' purpose to. */
export const offlineClarificationPlanner: OfflinePlanner<ClarificationInput, ClarificationOutput> = analyzeGoalOffline;

/**
 * The goal without its non-goals, so they never count as covered topics or conflict signals
 * ("no mobile app" is not mobile work). Lines wholly inside an out-of-scope item go, and so
 * do the items themselves where they appear verbatim inside a longer line.
 */
function withoutOutOfScope(goal: string, doc: PrdDocument): string {
  if (doc.outOfScope.length === 0) return goal;
  const items = doc.outOfScope.map((item) => item.toLowerCase());
  const kept = goal.split('\n').filter((line) => {
    const bare = line
      .replace(/^\s*(?:[-*+•]|\d{1,3}[.)])\s+/, '')
      .replace(/[`*_]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase();
    return bare.length === 0 || !items.some((item) => item.includes(bare));
  });
  let text = kept.join('\n');
  for (const item of doc.outOfScope) text = text.split(item).join(' ');
  return text;
}
