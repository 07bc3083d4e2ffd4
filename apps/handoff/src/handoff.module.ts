import { Module, type DynamicModule } from '@nestjs/common';
import type { ServiceConfig } from '@flowguard/config';
import { PlatformModule } from '@flowguard/service-kit';
import { CancelWorkflowConsumer } from './cancel-workflow/cancel-workflow.consumer';
import { HANDOFF_CONFIG } from './config';
import { schemaParts } from './data-source';
import { ExecutionsQueries } from './executions/executions.queries';
import { HandoffTemplatesQueries } from './handoff-templates/handoff-templates.queries';
import { GenerateHandoff } from './handoffs/generate-handoff.usecase';
import { HandoffsQueries } from './handoffs/handoffs.queries';
import { TemplateResolver } from './handoffs/template-resolver';
import { ExportsQueries } from './plan/exports.queries';
import { PlanConsumers } from './plan/plan.consumers';

@Module({})
export class HandoffModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: HandoffModule,
      imports: [
        PlatformModule.forService({
          service: 'handoff',
          config,
          entities: schemaParts.entities,
          migrations: schemaParts.migrations,
          subscriptions: ['spec.created', 'tickets.generated', 'workflow.cancelled'],
        }),
      ],
      providers: [
        { provide: HANDOFF_CONFIG, useValue: config },
        TemplateResolver,
        GenerateHandoff,
        PlanConsumers,
        CancelWorkflowConsumer,
        HandoffsQueries,
        ExecutionsQueries,
        HandoffTemplatesQueries,
        ExportsQueries,
      ],
    };
  }
}
