import { Injectable } from '@nestjs/common';
import { UsageSummaryQuery, type UsageSummaryResult } from '@flowguard/contracts';
import { TokenLedger } from '@flowguard/llm';
import { HandlesQuery, QueryError } from '@flowguard/messaging';
import { DataSource } from 'typeorm';

/**
 * `usage.summary` over NATS request/reply: this service's token ledger for a tenant (one
 * workflow when named), per purpose, provider and model. The gateway sums the services.
 */
@Injectable()
export class UsageQueries {
  constructor(private readonly ds: DataSource) {}

  @HandlesQuery('usage.summary')
  async summary(payload: unknown): Promise<UsageSummaryResult> {
    const parsed = UsageSummaryQuery.safeParse(payload);
    if (!parsed.success) {
      throw new QueryError(
        'invalid_request',
        parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
      );
    }
    return TokenLedger.summary(this.ds, parsed.data.tenantId, parsed.data.workflowId);
  }
}
