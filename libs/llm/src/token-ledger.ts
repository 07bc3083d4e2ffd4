import type { DataSource, EntityManager } from 'typeorm';
import { TokenUsageEntity } from './token-usage.entity';

export type LedgerEntry = Omit<TokenUsageEntity, 'id' | 'createdAt'>;

export interface UsageSummary {
  purpose: string;
  provider: string;
  model: string;
  calls: number;
  promptTokens: number;
  completionTokens: number;
}

/** Writes and reads the token ledger; writes go through the caller's transaction. */
export const TokenLedger = {
  async record(manager: EntityManager, entry: LedgerEntry): Promise<void> {
    await manager.insert(TokenUsageEntity, entry);
  },

  /** Usage per purpose, provider and model for a tenant (optionally one workflow). */
  async summary(ds: DataSource, tenantId: string, workflowId?: string): Promise<UsageSummary[]> {
    const qb = ds
      .createQueryBuilder(TokenUsageEntity, 'u')
      .select('u.purpose', 'purpose')
      .addSelect('u.provider', 'provider')
      .addSelect('u.model', 'model')
      .addSelect('count(*)::int', 'calls')
      .addSelect('coalesce(sum(u.prompt_tokens), 0)::int', 'promptTokens')
      .addSelect('coalesce(sum(u.completion_tokens), 0)::int', 'completionTokens')
      .where('u.tenant_id = :tenantId', { tenantId })
      .groupBy('u.purpose')
      .addGroupBy('u.provider')
      .addGroupBy('u.model')
      .orderBy('u.purpose');
    if (workflowId) qb.andWhere('u.workflow_id = :workflowId', { workflowId });
    return qb.getRawMany<UsageSummary>();
  },
};
