import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EventPublisher } from '@flowguard/messaging';
import { createIsolation, type Isolation } from '@flowguard/testing';
import { DataSource } from 'typeorm';
import { loadGatewayConfig } from '../src/config';
import { GatewayModule } from '../src/gateway.module';
import { configureHttp } from '../src/http/configure-http';
import type { SseOptions } from '../src/sse/sse.options';
import { createTenant } from '../src/tenants/api-keys';

/**
 * gateway-harness with the SSE timings compressed: the gateway on
 * real services, listening on a random port, with two tenants.
 */
export async function sseHarness(label: string, sse: Partial<SseOptions> = {}) {
  const iso: Isolation = await createIsolation(label);
  const config = loadGatewayConfig({ ...iso.env, LOG_LEVEL: 'silent', GATEWAY_BODY_LIMIT: '300kb' });
  const moduleRef = await Test.createTestingModule({
    imports: [GatewayModule.register(config, { sse })],
  }).compile();
  // forceCloseConnections: fetch keeps a spare idle socket after a test aborts a stream, which
  // would hold app.close() for undici's keep-alive (4 s). Streams still end cleanly first.
  const app: INestApplication = moduleRef.createNestApplication({
    logger: false,
    bodyParser: false,
    forceCloseConnections: true,
  });
  configureHttp(app, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${address.port}`;
  const ds = app.get(DataSource);
  const a = await ds.transaction((m) => createTenant(m, 'tenant A'));
  const b = await ds.transaction((m) => createTenant(m, 'tenant B'));

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

  let appClosed = false;
  return {
    iso,
    app,
    base,
    ds,
    a,
    b,
    call,
    publisher: app.get(EventPublisher),
    async closeApp() {
      if (appClosed) return;
      appClosed = true;
      await app.close();
    },
    async close() {
      await this.closeApp();
      await iso.cleanup();
    },
  };
}

export type SseHarness = Awaited<ReturnType<typeof sseHarness>>;
