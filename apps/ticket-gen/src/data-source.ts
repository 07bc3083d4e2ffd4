import { Init1795289381222 } from './migrations/1795289381222-init';
import { TokenLedger1795291175971 } from './migrations/1795291175971-token-ledger';
import { Tickets1795292377951 } from './migrations/1795292377951-tickets';
import { TenantKeys1795293661357 } from './migrations/1795293661357-tenant-keys';
import { LedgerLatency1795297756640 } from './migrations/1795297756640-ledger-latency';
import { TokenUsageEntity } from '@flowguard/llm';
import { WorkflowControlEntity } from '@flowguard/service-kit';
import { TicketEntity, TicketRequestEntity, TicketSetEntity } from './generate-tickets/ticket.entity';
import { TicketTemplateEntity } from './ticket-templates/ticket-template.entity';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityOrMigration = Function;

/**
 * What the ticket-gen schema holds beside the platform's inbox/outbox, and the committed
 * migrations that create it. Read by the service and by `npm run migrate`.
 */
export const schemaParts = {
  entities: [
    TokenUsageEntity,
    WorkflowControlEntity,
    TicketRequestEntity,
    TicketSetEntity,
    TicketEntity,
    TicketTemplateEntity,
  ] as EntityOrMigration[],
  migrations: [
    Init1795289381222,
    TokenLedger1795291175971,
    Tickets1795292377951,
    TenantKeys1795293661357,
    LedgerLatency1795297756640,
  ] as EntityOrMigration[],
};
