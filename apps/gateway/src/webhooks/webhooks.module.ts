import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { ApiKeyGuard } from '../tenants/api-key.guard';
import { DeliverWebhookProcessor } from './deliver-webhook.processor';
import { DeliverWebhookUseCase } from './deliver-webhook.usecase';
import { WEBHOOK_CONFIG, loadWebhookConfig, type WebhookConfig } from './webhook.config';
import { WebhookFanout } from './webhook-fanout';
import { WebhookQueue } from './webhook-queue';
import { WebhookSweeper } from './webhook-sweeper';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

const providers: Provider[] = [
  ApiKeyGuard,
  WebhooksService,
  WebhookQueue,
  WebhookFanout,
  WebhookSweeper,
  DeliverWebhookUseCase,
  DeliverWebhookProcessor,
];

/**
 * Signed webhooks (Standard Webhooks): subscriptions API, fan-out from the event log,
 * delivery worker with its own retry schedule, and the sweeper. Stands on the platform's
 * global DataSource and QueueFactory and on WorkflowEventHooks; its entities
 * (WEBHOOK_ENTITIES) must be in the gateway's DataSource. Config comes from process.env
 * (webhook.config.ts); `withConfig` takes it explicitly (tests).
 */
@Module({
  controllers: [WebhooksController],
  providers: [{ provide: WEBHOOK_CONFIG, useFactory: () => loadWebhookConfig(process.env) }, ...providers],
})
export class WebhooksModule {
  /** The same module with its config given instead of read from process.env. */
  static withConfig(config: WebhookConfig): DynamicModule {
    return {
      module: ConfiguredWebhooksModule,
      controllers: [WebhooksController],
      providers: [{ provide: WEBHOOK_CONFIG, useValue: config }, ...providers],
    };
  }
}

@Module({})
class ConfiguredWebhooksModule {}
