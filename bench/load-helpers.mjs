// Small helpers for bench/load.mjs (plain Node; the bench does not import the testing lib).
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';

/** Nearest-rank percentile of an ascending array. */
export function pct(sorted, p) {
  if (!sorted.length) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A port the kernel says is free right now, on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor(what, check, timeoutMs, intervalMs = 200) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * `node script` with extra env; keeps the last 64 KiB of output for diagnostics.
 * FG_BENCH_NODE_ARGS adds node flags to every service, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
 * (NODE_OPTIONS refuses --cpu-prof).
 */
export function spawnService(script, env) {
  const merged = { ...process.env, ...env };
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  const nodeArgs = (process.env.FG_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, script], { env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  let buffer = '';
  const onData = (chunk) => {
    buffer = (buffer + chunk.toString()).slice(-65_536);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return {
    child,
    exited,
    output: () => buffer,
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** A fetch-based text/event-stream reader that calls onEvent({ id, event, data }) per message. */
export class SseStream {
  constructor(abort, finished) {
    this.abort = abort;
    this.finished = finished;
  }

  static async open(url, headers, onEvent) {
    const abort = new globalThis.AbortController();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    if (res.status !== 200) throw new Error(`SSE ${url} answered ${res.status}: ${await res.text().catch(() => '')}`);
    const finished = (async () => {
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      let pending = {};
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          buf += decoder.decode(value, { stream: true });
          let nl;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl).replace(/\r$/, '');
            buf = buf.slice(nl + 1);
            if (line === '') {
              if (pending.data !== undefined) onEvent(pending);
              pending = {};
            } else if (!line.startsWith(':')) {
              const colon = line.indexOf(':');
              const field = colon < 0 ? line : line.slice(0, colon);
              const v = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (field === 'data') pending.data = pending.data === undefined ? v : `${pending.data}\n${v}`;
              else if (field === 'id' || field === 'event') pending[field] = v;
            }
          }
        }
      } catch {
        // aborted
      }
    })();
    return new SseStream(abort, finished);
  }

  close() {
    this.abort.abort();
  }
}

/**
 * CPU seconds (user + system) used so far, grouped: the named pids (services, the driver),
 * Postgres backends serving `servers.database`, and the nats-server / redis-server listening on
 * the given ports (others on the machine are not counted). Linux only (/proc); {} elsewhere.
 */
export function cpuSnapshot(named = {}, servers = {}) {
  const ticks = 100; // USER_HZ on Linux
  const out = {};
  const byPid = new Map(Object.entries(named).map(([name, pid]) => [String(pid), name]));
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  const serverGroup = (comm, cmd) => {
    if (comm === 'postgres' && servers.database && cmd.includes(` ${servers.database} `)) return 'postgres';
    if (comm === 'nats-server' && servers.natsPort && new RegExp(`-p\\s${servers.natsPort}\\b`).test(cmd))
      return 'nats-server';
    if (comm.startsWith('redis-server') && servers.redisPort && cmd.includes(`:${servers.redisPort}`))
      return 'redis-server';
    return undefined;
  };
  for (const pid of pids) {
    let stat;
    let cmd;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue; // exited meanwhile
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / ticks; // utime + stime
    const group = byPid.get(pid) ?? serverGroup(comm, cmd);
    if (group) out[group] = (out[group] ?? 0) + seconds;
  }
  return out;
}
