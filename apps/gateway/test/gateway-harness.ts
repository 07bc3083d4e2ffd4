import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EventPublisher } from '@flowguard/messaging';
import { EventProbe, createIsolation, type Isolation } from '@flowguard/testing';
import { DataSource } from 'typeorm';
import { loadGatewayConfig } from '../src/config';
import { GatewayModule } from '../src/gateway.module';
import { configureHttp } from '../src/http/configure-http';
import { createTenant } from '../src/tenants/api-keys';

/** The gateway on real services, listening on a random port, with two tenants. */
export async function gatewayHarness(label: string, env: Record<string, string> = {}) {
  const iso: Isolation = await createIsolation(label);
  const config = loadGatewayConfig({ ...iso.env, LOG_LEVEL: 'silent', GATEWAY_BODY_LIMIT: '300kb', ...env });
  const moduleRef = await Test.createTestingModule({ imports: [GatewayModule.register(config)] }).compile();
  const app: INestApplication = moduleRef.createNestApplication({ logger: false, bodyParser: false });
  configureHttp(app, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${address.port}`;
  const ds = app.get(DataSource);
  const a = await ds.transaction((m) => createTenant(m, 'tenant A'));
  const b = await ds.transaction((m) => createTenant(m, 'tenant B'));
  const probe = await EventProbe.open(iso.natsUrl, iso.natsPrefix);

  const call = async (
    method: string,
    path: string,
    opts: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}),
        ...(opts.body !== undefined || opts.raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      headers: res.headers,
      body: text ? JSON.parse(text) : undefined,
    };
  };

  return {
    iso,
    app,
    base,
    ds,
    a,
    b,
    probe,
    call,
    publisher: app.get(EventPublisher),
    async close() {
      await app.close();
      await probe.close();
      await iso.cleanup();
    },
  };
}
