import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { PlatformModule } from '@flowguard/service-kit';
import { ARTIFACT_CONTROLLERS, ARTIFACT_PROVIDERS } from './artifacts';
import { GATEWAY_CONFIG, type GatewayConfig } from './config';
import { schemaParts } from './data-source';
import { CleanupModule } from './cleanup/cleanup.module';
import { ProblemDetailsFilter } from './http/problem';
import { OpenApiModule } from './openapi/openapi.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { SseModule } from './sse/sse.module';
import type { SseOptions } from './sse/sse.options';
import { WebhooksModule } from './webhooks/webhooks.module';
import { ApiKeyGuard } from './tenants/api-key.guard';
import { WorkflowEventsModule } from './workflows/workflow-events.module';
import { WorkflowProjectionConsumer } from './workflows/workflow-projection.consumer';
import { WorkflowsController } from './workflows/workflows.controller';
import { WorkflowsService } from './workflows/workflows.service';
import { EVENT_TYPES } from '@flowguard/contracts';

@Module({})
export class GatewayModule {
  /** `sse` overrides the stream timings (tests); in production they come from the environment. */
  static register(config: GatewayConfig, overrides: { sse?: Partial<SseOptions> } = {}): DynamicModule {
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
        RateLimitModule.register(config),
        CleanupModule.register(config),
        OpenApiModule,
        overrides.sse ? SseModule.register(overrides.sse) : SseModule,
        WebhooksModule.withConfig(config),
      ],
      controllers: [WorkflowsController, ...ARTIFACT_CONTROLLERS],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        ApiKeyGuard,
        WorkflowProjectionConsumer,
        WorkflowsService,
        ...ARTIFACT_PROVIDERS,
      ],
    };
  }
}
