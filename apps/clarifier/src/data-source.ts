import { Init1795289380122 } from './migrations/1795289380122-init';
import { TokenLedger1795291174234 } from './migrations/1795291174234-token-ledger';
import { Clarification1795291840939 } from './migrations/1795291840939-clarification';
import { TenantKeys1795293659716 } from './migrations/1795293659716-tenant-keys';
import { LedgerLatency1795297752340 } from './migrations/1795297752340-ledger-latency';
import { TokenUsageEntity } from '@flowguard/llm';
import { WorkflowControlEntity } from '@flowguard/service-kit';
import { ClarificationEntity, GoalRequestEntity } from './analyze-goal/clarification.entity';

/**
 * What the clarifier schema holds beside the platform's inbox/outbox, and the committed
 * migrations that create it. Read by the service and by `npm run migrate`.
 */
export const schemaParts = {
  entities: [TokenUsageEntity, WorkflowControlEntity, GoalRequestEntity, ClarificationEntity],
  migrations: [
    Init1795289380122,
    TokenLedger1795291174234,
    Clarification1795291840939,
    TenantKeys1795293659716,
    LedgerLatency1795297752340,
  ],
};
