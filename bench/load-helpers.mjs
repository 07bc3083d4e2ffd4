// Small helpers for bench/load.mjs (plain Node; the bench does not import the testing lib).
import { spawn } from 'node:child_process';
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

/** `node script` with extra env; keeps the last 64 KiB of output for diagnostics. */
export function spawnService(script, env) {
  const merged = { ...process.env, ...env };
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  const child = spawn(process.execPath, [script], { env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
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
