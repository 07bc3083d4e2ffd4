import path from 'node:path';
import { Client } from 'pg';
import { createIsolation, freePort, spawnNode, waitFor, type Isolation, type RunningProcess } from '@flowguard/testing';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '..');
const SERVICES = ['gateway', 'clarifier', 'spec-gen', 'ticket-gen', 'handoff'];

describe('the five services as separate processes on the real services', () => {
  let iso: Isolation;
  const procs = new Map<string, RunningProcess>();

  beforeAll(async () => {
    iso = await createIsolation('services');
  });
  afterAll(async () => {
    for (const p of procs.values()) p.kill('SIGKILL');
    await iso.cleanup();
  });

  it('each boots, migrates its own schema, reports healthy, and exits 0 on SIGTERM', async () => {
    // Ports the OS says are free, so a running `npm start` or an outgoing socket cannot collide.
    const ports = await Promise.all(SERVICES.map(() => freePort()));
    SERVICES.forEach((service, i) => {
      procs.set(
        service,
        spawnNode(path.join(root, 'apps', service, 'dist', 'main.js'), [], {
          ...iso.env,
          PORT: String(ports[i]),
          LOG_LEVEL: 'info',
        }),
      );
    });

    const health = await Promise.all(
      SERVICES.map((service, i) =>
        waitFor(
          `${service} healthy`,
          async () => {
            const res = await fetch(`http://127.0.0.1:${ports[i]}/health`);
            return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 200 },
        ).catch((err: Error) => {
          throw new Error(`${err.message}\n${procs.get(service)!.output().slice(-3000)}`);
        }),
      ),
    );
    health.forEach((body, i) => {
      expect(body).toMatchObject({
        service: SERVICES[i],
        status: 'ok',
        details: { postgres: { status: 'up' }, redis: { status: 'up' }, nats: { status: 'up' } },
      });
    });

    // Each service migrated its own schema: inbox, outbox and the migrations table.
    const pg = new Client({ connectionString: iso.databaseUrl });
    await pg.connect();
    const { rows } = await pg.query(
      `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
        WHERE table_schema IN ('gateway','clarifier','spec_gen','ticket_gen','handoff') ORDER BY 1`,
    );
    await pg.end();
    for (const schema of ['gateway', 'clarifier', 'spec_gen', 'ticket_gen', 'handoff']) {
      for (const table of ['inbox', 'migrations', 'outbox'])
        expect(rows.map((r) => r.t)).toContain(`${schema}.${table}`);
    }

    // Logs are JSON lines carrying the service name.
    const line = procs
      .get('clarifier')!
      .output()
      .split('\n')
      .find((l) => l.includes('listening on'));
    expect(JSON.parse(line!)).toMatchObject({ service: 'clarifier', level: 30 });

    for (const p of procs.values()) p.kill('SIGTERM');
    const codes = await Promise.all([...procs.values()].map((p) => p.exited));
    expect(codes).toEqual([0, 0, 0, 0, 0]);
  });

  it('refuses to start with invalid configuration, naming the variable', async () => {
    const p = spawnNode(path.join(root, 'apps', 'gateway', 'dist', 'main.js'), [], {
      ...iso.env,
      PORT: 'eighty',
      EVENT_CONCURRENCY: '0',
    });
    expect(await p.exited).toBe(78);
    expect(p.output()).toMatch(/PORT: .*number/i);
    expect(p.output()).toMatch(/EVENT_CONCURRENCY: /);
  });
});
