// npm run infra:check [-- --start]
// Checks that Postgres, Redis and NATS (with JetStream) answer at the URLs the services use.
// With --start (or FG_INFRA_START=1) it starts the local ones that are down from the binaries
// installed on this machine, then waits for them. Exit 0 when all three are up, 1 otherwise.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_DATABASE_URL, require } from './lib.mjs';

const pg = require('pg');
const Redis = require('ioredis');
const { connect } = require('nats');

const CHECK_TIMEOUT_MS = 2_000;
const START_WAIT_MS = 15_000;
const wantStart = process.argv.includes('--start') || process.env.FG_INFRA_START === '1';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Rejects after `ms`; the timer is unref'd so a finished check never holds the process open. */
function withTimeout(promise, ms = CHECK_TIMEOUT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const onPath = (bin) =>
  (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, bin)));

// NATS_URL may be a comma-separated server list without a scheme; the first server is the one we report on.
const natsServers = (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',').map((s) => s.trim());
const natsUrl = new URL(natsServers[0].includes('://') ? natsServers[0] : `nats://${natsServers[0]}`);
const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const pgUrl = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
// The application database may not exist yet (migrations create the schemas, not the database),
// so the check talks to the always-present `postgres` database on the same server.
pgUrl.pathname = '/postgres';

const SERVICES = [
  {
    name: 'postgres',
    url: pgUrl,
    defaultPort: '5432',
    async check() {
      const client = new pg.Client({ connectionString: pgUrl.toString(), connectionTimeoutMillis: CHECK_TIMEOUT_MS });
      try {
        await withTimeout(client.connect().then(() => client.query('SELECT 1')));
      } finally {
        client.end().catch(() => {});
      }
    },
    // The start commands only make sense when the packaged server is installed here.
    canStart: () => onPath('pg_ctlcluster') && fs.existsSync('/etc/postgresql'),
    start: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  },
  {
    name: 'redis',
    url: redisUrl,
    defaultPort: '6379',
    async check() {
      // No retries and no offline queue: a down server must fail fast, not be waited for.
      const redis = new Redis(redisUrl.toString(), {
        lazyConnect: true,
        connectTimeout: CHECK_TIMEOUT_MS,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
      });
      // ioredis rejects with a bare "Connection is closed."; the 'error' event has the real cause.
      let cause;
      redis.on('error', (err) => (cause ??= err));
      try {
        await withTimeout(redis.connect().then(() => redis.ping())).catch((err) => {
          throw cause ?? err;
        });
      } finally {
        redis.disconnect();
      }
    },
    canStart: () => onPath('redis-server'),
    start:
      'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log',
  },
  {
    name: 'nats',
    url: natsUrl,
    defaultPort: '4222',
    async check() {
      const nc = await withTimeout(connect({ servers: natsServers, timeout: CHECK_TIMEOUT_MS, reconnect: false }));
      try {
        // A plain NATS server answers connect; the services also need JetStream enabled.
        const jetstream = nc.jetstreamManager({ timeout: CHECK_TIMEOUT_MS }).then((jsm) => jsm.getAccountInfo());
        await withTimeout(jetstream).catch((err) => {
          throw new Error(`JetStream not available (${err.message}); start nats-server with -js`);
        });
      } finally {
        await nc.close().catch(() => {});
      }
    },
    canStart: () => onPath('start-stop-daemon') && fs.existsSync('/usr/sbin/nats-server'),
    start:
      'start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log',
  },
];

const address = (s) => `${s.url.hostname}:${s.url.port || s.defaultPort}`;
const isLoopback = (s) => LOOPBACK.has(s.url.hostname);
// Never start a server for a remote URL, nor for a port other than the one the start commands use.
const canStartHere = (s) => isLoopback(s) && (s.url.port || s.defaultPort) === s.defaultPort && s.canStart();

async function probe(s) {
  try {
    await s.check();
    return null;
  } catch (err) {
    return err.message || String(err);
  }
}

const errors = new Map(await Promise.all(SERVICES.map(async (s) => [s, await probe(s)])));
const isDown = (s) => errors.get(s) !== null;

if (wantStart) {
  const startable = SERVICES.filter((s) => isDown(s) && canStartHere(s));
  for (const s of startable) {
    console.log(`starting ${s.name}: ${s.start}`);
    spawnSync('sh', ['-c', s.start], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 30_000 });
  }
  // Servers take a moment to accept connections after their start command returns.
  const deadline = Date.now() + START_WAIT_MS;
  while (startable.some(isDown) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    for (const s of startable.filter(isDown)) errors.set(s, await probe(s));
  }
}

for (const s of SERVICES) {
  const down = errors.get(s);
  console.log(`${s.name.padEnd(10)}${(down ? 'DOWN' : 'up').padEnd(5)}${address(s)}${down ? `  (${down})` : ''}`);
}

const down = SERVICES.filter(isDown);
if (down.length === 0) {
  console.log('infra: all up');
} else {
  console.log(`infra: ${down.map((s) => s.name).join(', ')} not answering; to start:`);
  const local = down.filter(canStartHere);
  for (const s of local) console.log(`  ${s.start}`);
  if (local.length > 0 && !wantStart) console.log('  (or run: npm run infra:check -- --start)');
  // Without local binaries, the compose file in the repo root runs the same servers in containers.
  const viaDocker = down.filter((s) => isLoopback(s) && !local.includes(s));
  if (viaDocker.length > 0) console.log(`  docker compose up -d ${viaDocker.map((s) => s.name).join(' ')}`);
  for (const s of down.filter((x) => !isLoopback(x)))
    console.log(`  ${s.name}: ${address(s)} is not local; check that server`);
}
// Exit explicitly: a connect attempt to an unreachable host can keep a socket open well past its timeout.
process.exit(down.length === 0 ? 0 : 1);
