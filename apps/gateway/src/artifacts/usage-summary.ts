import type { UsageResponse, UsageRow, UsageSummaryResult } from '@flowguard/contracts';

export const USAGE_SERVICES = ['clarifier', 'spec-gen', 'ticket-gen'] as const;
export type UsageService = (typeof USAGE_SERVICES)[number];

/** The three ledgers as one: a row per service, purpose, provider and model, and the totals. */
export function sumUsage(
  workflowId: string | null,
  ledgers: readonly { service: UsageService; rows: UsageSummaryResult }[],
): UsageResponse {
  const rows: UsageRow[] = ledgers.flatMap(({ service, rows }) =>
    rows.map((r) => ({ service, ...r, totalTokens: r.promptTokens + r.completionTokens })),
  );
  const totals = rows.reduce(
    (sum, r) => ({
      calls: sum.calls + r.calls,
      promptTokens: sum.promptTokens + r.promptTokens,
      completionTokens: sum.completionTokens + r.completionTokens,
      totalTokens: sum.totalTokens + r.totalTokens,
    }),
    { calls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0 },
  );
  return { workflowId, rows, totals };
}
