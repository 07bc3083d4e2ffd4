import { Module, type DynamicModule } from '@nestjs/common';
import { ApiKeyGuard } from '../tenants/api-key.guard';
import { SseController } from './sse.controller';
import { SseHub } from './sse-hub';
import { SSE_OPTIONS, sseOptionsFromEnv, type SseOptions } from './sse.options';

/**
 * Live progress over server-sent events: GET /v1/workflows/:id/events and GET /v1/events.
 * Needs the DataSource and WorkflowEventHooks (global). Options come from SSE_HEARTBEAT_MS
 * and SSE_POLL_MS; `SseModule.register({...})` overrides them (tests).
 */
@Module({
  controllers: [SseController],
  providers: [SseHub, ApiKeyGuard, { provide: SSE_OPTIONS, useFactory: () => sseOptionsFromEnv() }],
})
export class SseModule {
  static register(overrides: Partial<SseOptions>): DynamicModule {
    return {
      module: SseModule,
      providers: [{ provide: SSE_OPTIONS, useFactory: () => ({ ...sseOptionsFromEnv(), ...overrides }) }],
    };
  }
}
