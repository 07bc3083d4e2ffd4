import { Init1795289379470 } from './migrations/1795289379470-init';
import { Workflows1795293410349 } from './migrations/1795293410349-workflows';
import { Webhooks1795294346926 } from './migrations/1795294346926-webhooks';
import { CancelRequested1795301420662 } from './migrations/1795301420662-cancel-requested';
import { ApiKeyEntity, TenantEntity } from './tenants/tenant.entity';
import { WEBHOOK_ENTITIES } from './webhooks/webhook.entity';
import { WorkflowEntity, WorkflowEventEntity } from './workflows/workflow.entity';

/**
 * What the gateway schema holds beside the platform's inbox/outbox, and the committed
 * migrations that create it. Read by the service and by `npm run migrate`.
 */
export const schemaParts = {
  entities: [TenantEntity, ApiKeyEntity, WorkflowEntity, WorkflowEventEntity, ...WEBHOOK_ENTITIES],
  migrations: [Init1795289379470, Workflows1795293410349, Webhooks1795294346926, CancelRequested1795301420662],
};
