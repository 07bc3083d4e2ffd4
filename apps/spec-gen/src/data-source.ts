import { Init1795289380671 } from './migrations/1795289380671-init';
import { TokenLedger1795291175108 } from './migrations/1795291175108-token-ledger';
import { Spec1795292266845 } from './migrations/1795292266845-spec';
import { TenantKeys1795293660537 } from './migrations/1795293660537-tenant-keys';
import { LedgerLatency1795297754441 } from './migrations/1795297754441-ledger-latency';
import { TokenUsageEntity } from '@flowguard/llm';
import { WorkflowControlEntity } from '@flowguard/service-kit';
import { SpecEntity, SpecRequestEntity } from './generate-spec/spec.entity';

/**
 * What the spec-gen schema holds beside the platform's inbox/outbox, and the committed
 * migrations that create it. Read by the service and by `npm run migrate`.
 */
export const schemaParts = {
  entities: [TokenUsageEntity, WorkflowControlEntity, SpecRequestEntity, SpecEntity],
  migrations: [
    Init1795289380671,
    TokenLedger1795291175108,
    Spec1795292266845,
    TenantKeys1795293660537,
    LedgerLatency1795297754441,
  ],
};
