import { TicketsOutput, type TicketsInput } from '@flowguard/contracts';
import type { OfflinePlanner } from '@flowguard/llm';
import { fitBudget } from './ticket-budget';
import { draftPlan } from './ticket-plan';
import { renderPlan } from './ticket-render';

/**
 * The offline (no API key) ticket planner: a deterministic, rule-based plan from the
 * structured spec — no network, no randomness, no clock, so the same spec always yields the
 * same tickets and a regeneration updates rather than duplicates.
 *
 * 1. draft: requirements → phases and technical-plan files by keyword match; one work item
 *    per requirement and per unclaimed code file, grouped into issues per phase (or per
 *    component when the spec has one phase) — see ticket-plan.ts;
 * 2. budget: shrink to maxTickets without losing a requirement — see ticket-budget.ts;
 * 3. render: keys in creation order, criteria, steps, effort, priority, blockedBy DAG —
 *    see ticket-render.ts.
 *
 * The result is parsed with its own contract: a planner bug fails here, loudly, rather than
 * downstream. Callers still validate it like any model output (links, files, coverage).
 */
export function generateTicketsOffline(input: TicketsInput): TicketsOutput {
  const plan = fitBudget(draftPlan(input), input.maxTickets);
  return TicketsOutput.parse({ tickets: renderPlan(plan) });
}

export const offlineTicketsPlanner: OfflinePlanner<TicketsInput, TicketsOutput> = generateTicketsOffline;
