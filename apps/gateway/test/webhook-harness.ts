import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { EVENT_TYPES } from '@flowguard/contracts';
import { EventPublisher } from '@flowguard/messaging';
import { PlatformModule } from '@flowguard/service-kit';
import { createIsolation, type Isolation } from '@flowguard/testing';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { GATEWAY_CONFIG, loadGatewayConfig, type GatewayConfig } from '../src/config';
import { schemaParts } from '../src/data-source';
import { configureHttp } from '../src/http/configure-http';
import { ProblemDetailsFilter } from '../src/http/problem';
import { ApiKeyGuard } from '../src/tenants/api-key.guard';
import { createTenant } from '../src/tenants/api-keys';
import { loadWebhookConfig, type WebhookConfig } from '../src/webhooks/webhook.config';
import { WEBHOOK_ENTITIES } from '../src/webhooks/webhook.entity';
import { WebhooksModule } from '../src/webhooks/webhooks.module';
import { WorkflowEventsModule } from '../src/workflows/workflow-events.module';
import { WorkflowProjectionConsumer } from '../src/workflows/workflow-projection.consumer';
import { WorkflowsController } from '../src/workflows/workflows.controller';
import { WorkflowsService } from '../src/workflows/workflows.service';

/**
 * Test-only: creates whatever the committed migrations do not (the webhook tables until
 * their migration is committed; nothing afterwards), straight from the entities.
 */
class BuildRemainingFromEntities1799999999999 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const log = await queryRunner.connection.driver.createSchemaBuilder().log();
    for (const q of log.upQueries) await queryRunner.query(q.query, q.parameters);
  }
  async down(): Promise<void> {}
}

/** GatewayModule.register's workflow part with the webhook entities in the DataSource, plus WebhooksModule. */
function gatewayWithWebhooks(config: GatewayConfig, webhooks: WebhookConfig): DynamicModule {
  @Module({})
  class WebhookTestGatewayModule {}
  return {
    module: WebhookTestGatewayModule,
    imports: [
      PlatformModule.forService({
        service: 'gateway',
        config,
        entities: [...new Set([...schemaParts.entities, ...WEBHOOK_ENTITIES])],
        migrations: [...schemaParts.migrations, BuildRemainingFromEntities1799999999999],
        subscriptions: EVENT_TYPES,
      }),
      WorkflowEventsModule,
      WebhooksModule.withConfig(webhooks),
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

/** The gateway with webhooks on real services, on a random port, with tenants A and B. */
export async function webhookHarness(label: string, webhookEnv: Record<string, string> = {}) {
  const iso: Isolation = await createIsolation(label);
  const config = loadGatewayConfig({ ...iso.env, LOG_LEVEL: 'silent', QUEUE_STALLED_INTERVAL_MS: '1000' });
  const webhooks = loadWebhookConfig({
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_SCHEDULE_MS: '50,100,200',
    WEBHOOK_TIMEOUT_MS: '2000',
    WEBHOOK_SWEEP_MS: '300',
    ...webhookEnv,
  });
  const moduleRef = await Test.createTestingModule({ imports: [gatewayWithWebhooks(config, webhooks)] }).compile();
  const app: INestApplication = moduleRef.createNestApplication({ logger: false, bodyParser: false });
  configureHttp(app, config);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const ds = app.get(DataSource);
  const a = await ds.transaction((m) => createTenant(m, 'tenant A'));
  const b = await ds.transaction((m) => createTenant(m, 'tenant B'));
  const receivers: Receiver[] = [];

  const call = async (method: string, path: string, opts: { key?: string; body?: unknown } = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: text ? JSON.parse(text) : undefined,
    };
  };

  return {
    iso,
    app,
    ds,
    a,
    b,
    call,
    webhooks,
    publisher: app.get(EventPublisher),
    /** A local endpoint on 127.0.0.1; `respond` decides each answer (default 204). */
    async receiver(respond?: Respond): Promise<Receiver> {
      const receiver = await startReceiver(respond);
      receivers.push(receiver);
      return receiver;
    },
    async close() {
      await app.close();
      await Promise.all(receivers.map((r) => r.close()));
      await iso.cleanup();
    },
  };
}

export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
  /** The status this request was answered with. */
  status: number;
}

export type Respond = (
  req: Omit<Received, 'status'>,
  /** How many requests with this webhook-id came before this one. */
  seen: number,
) => { status: number; headers?: Record<string, string> };

export interface Receiver {
  url: string;
  requests: Received[];
  forId(webhookId: string): Received[];
  close(): Promise<void>;
}

async function startReceiver(respond: Respond = () => ({ status: 204 })): Promise<Receiver> {
  const requests: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = flatten(req.headers);
      const seen = requests.filter((r) => r.headers['webhook-id'] === headers['webhook-id']).length;
      const got = { path: req.url ?? '/', headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      const answer = respond(got, seen);
      requests.push({ ...got, status: answer.status });
      res.writeHead(answer.status, answer.headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    forId: (webhookId) => requests.filter((r) => r.headers['webhook-id'] === webhookId),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
