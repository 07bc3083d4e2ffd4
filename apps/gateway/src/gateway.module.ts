import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { PlatformModule } from '@flowguard/service-kit';
import { GATEWAY_CONFIG, type GatewayConfig } from './config';
import { schemaParts } from './data-source';
import { ProblemDetailsFilter } from './http/problem';
import { ApiKeyGuard } from './tenants/api-key.guard';
import { WorkflowEventsModule } from './workflows/workflow-events.module';
import { WorkflowProjectionConsumer } from './workflows/workflow-projection.consumer';
import { WorkflowsController } from './workflows/workflows.controller';
import { WorkflowsService } from './workflows/workflows.service';
import { EVENT_TYPES } from '@flowguard/contracts';

@Module({})
export class GatewayModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        PlatformModule.forService({
          service: 'gateway',
          config,
          entities: schemaParts.entities,
          migrations: schemaParts.migrations,
          // The gateway projects every event into workflow state, SSE and webhooks.
          subscriptions: EVENT_TYPES,
        }),
        WorkflowEventsModule,
      ],
      controllers: [WorkflowsController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        ApiKeyGuard,
        WorkflowProjectionConsumer,
        WorkflowsService,
      ],
    };
  }
}
