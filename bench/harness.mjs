// The pieces every bench shares: an isolation (own database, NATS prefix, Redis prefix) on the
// local services, the five built services as child processes, and tenants. Plain Node: benches
// run against the build (npx nx run-many -t build) and do not import the testing lib.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, spawnService, waitFor } from './load-helpers.mjs';

const require = createRequire(import.meta.url);
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { connectNats } = require('@flowguard/messaging');
const IORedis = require('ioredis');
const pg = require('pg');

export const PG_URL = process.env.FG_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
for (const u of [PG_URL, REDIS_URL, NATS_URL]) {
  const host = new URL(u).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`refusing a non-loopback server: ${u}`);
}
export const SERVICES = ['gateway', 'clarifier', 'spec-gen', 'ticket-gen', 'handoff'];
export const SCHEMAS = ['gateway', 'clarifier', 'spec_gen', 'ticket_gen', 'handoff'];

/** `--name value` flags: num() and str(); flag(name) for booleans. */
export function cliArgs(argv = process.argv.slice(2)) {
  const num = (name, def) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : def;
  };
  const str = (name, def) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : def;
  };
  const flag = (name) => argv.includes(`--${name}`);
  return { num, str, flag };
}

/** Own database, NATS prefix and Redis prefix; cleanup() removes all three. */
export async function createIsolation(kind = 'load') {
  const tag = `${kind}${randomBytes(4).toString('hex')}`;
  const dbName = `fg_bench_${tag}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  const db = new URL(PG_URL);
  db.pathname = `/${dbName}`;
  const natsPrefix = `b${tag}`;
  const floorPrefix = `f${tag}`;
  const redisPrefix = `fgb:${tag}`;
  return {
    tag,
    dbName,
    databaseUrl: db.toString(),
    natsPrefix,
    floorPrefix,
    redisPrefix,
    env: {
      DATABASE_URL: db.toString(),
      REDIS_URL,
      NATS_URL,
      FG_NATS_PREFIX: natsPrefix,
      FG_REDIS_PREFIX: redisPrefix,
    },
    async cleanup() {
      const errors = [];
      await (async () => {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
        await c.end();
      })().catch((e) => errors.push(e));
      await (async () => {
        const nats = await connectNats(NATS_URL, 'bench-cleanup');
        for await (const s of nats.jsm.streams.list())
          if ([natsPrefix, floorPrefix].some((p) => s.config.name.startsWith(`${p.toUpperCase()}_`)))
            await nats.jsm.streams.delete(s.config.name);
        await nats.nc.close();
      })().catch((e) => errors.push(e));
      await (async () => {
        const redis = new IORedis(REDIS_URL);
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}:*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length) await redis.del(...keys);
        } while (cursor !== '0');
        redis.disconnect();
      })().catch((e) => errors.push(e));
      if (errors.length) console.error('cleanup errors:', errors);
    },
  };
}

/**
 * One running service process (a replica). `start()` spawns it on a fresh port and waits for
 * /health; it can be killed and started again (the chaos bench does).
 */
export class ServiceProcess {
  constructor(service, env, name = service) {
    this.service = service;
    this.name = name;
    this.env = env;
    this.proc = undefined;
    this.port = undefined;
  }

  async start({ waitHealthy = true, timeoutMs = 90_000 } = {}) {
    this.port = await freePort();
    this.proc = spawnService(path.join(root, 'apps', this.service, 'dist', 'main.js'), {
      ...this.env,
      PORT: String(this.port),
      HOST: '127.0.0.1',
    });
    if (waitHealthy) await this.healthy(timeoutMs);
    return this;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get running() {
    return !!this.proc && this.proc.child.exitCode === null && this.proc.child.signalCode === null;
  }

  async healthy(timeoutMs = 90_000) {
    await waitFor(
      `${this.name} healthy`,
      async () => {
        if (!this.running)
          throw new Error(`${this.name} exited ${this.proc.child.exitCode ?? this.proc.child.signalCode}`);
        return (await fetch(`${this.url}/health`).catch(() => ({ status: 0 }))).status === 200;
      },
      timeoutMs,
    ).catch((err) => {
      throw new Error(`${err.message}\n${this.proc.output().slice(-3000)}`);
    });
  }

  kill(signal = 'SIGTERM') {
    this.proc?.kill(signal);
  }

  /** SIGTERM (or `signal`), then SIGKILL after timeoutMs; resolves with the exit code or signal. */
  async stop(signal = 'SIGTERM', timeoutMs = 30_000) {
    if (!this.proc) return undefined;
    this.proc.kill(signal);
    const code = await Promise.race([this.proc.exited, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
    if (code === 'timeout') {
      this.proc.kill('SIGKILL');
      return 'timeout';
    }
    return code;
  }

  output() {
    return this.proc?.output() ?? '';
  }
}

/**
 * The five services (more replicas where `replicas` says so), started together.
 * `env` is added to every process's environment on top of the isolation's.
 */
export async function startServices(iso, env = {}, replicas = {}) {
  const procs = [];
  for (const s of SERVICES)
    for (let r = 0; r < (replicas[s] ?? 1); r++)
      procs.push(new ServiceProcess(s, { ...iso.env, LOG_LEVEL: 'warn', ...env }, r ? `${s}#${r + 1}` : s));
  await Promise.all(procs.map((p) => p.start()));
  const gateway = procs.find((p) => p.service === 'gateway');
  return { procs, gateway, base: gateway.url };
}

/** SIGTERM every process; resolves with [[name, code]] (0 when each drained and exited cleanly). */
export async function stopServices(procs) {
  return Promise.all(procs.map(async (p) => [p.name, await p.stop()]));
}

/** A tenant and its API key, made by the same script an operator uses. */
export async function createTenant(iso, name) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(root, 'scripts/tenant-create.mjs'), '--name', name, '--json'],
    { cwd: root, env: { ...process.env, DATABASE_URL: iso.databaseUrl } },
  );
  return JSON.parse(stdout.trim().split('\n').pop());
}
