import { Init1795289381784 } from './migrations/1795289381784-init';
import { Handoffs1795293058242 } from './migrations/1795293058242-handoffs';
import { TenantKeys1795293662169 } from './migrations/1795293662169-tenant-keys';
import { WorkflowControlEntity } from '@flowguard/service-kit';
import { HandoffTemplateEntity, HandoffTemplateVersionEntity } from './handoff-templates/handoff-template.entity';
import { ExecutionEntity, HandoffEntity } from './handoffs/handoff.entity';
import { PlanSpecEntity, PlanTicketsEntity } from './plan/plan.entity';

/**
 * What the handoff schema holds beside the platform's inbox/outbox, and the committed
 * migrations that create it. Read by the service and by `npm run migrate`.
 */
export const schemaParts = {
  entities: [
    WorkflowControlEntity,
    PlanSpecEntity,
    PlanTicketsEntity,
    HandoffEntity,
    ExecutionEntity,
    HandoffTemplateEntity,
    HandoffTemplateVersionEntity,
  ],
  migrations: [Init1795289381784, Handoffs1795293058242, TenantKeys1795293662169],
};
