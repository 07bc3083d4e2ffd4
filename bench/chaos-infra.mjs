// The chaos run's own Redis and NATS (the machine's shared ones must never be restarted), a
// seeded PRNG, and a reaper that kills whatever the run started should the run itself die.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, waitFor } from './load-helpers.mjs';

/** mulberry32: small, seedable, good enough to make a run reproducible. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
  };
}

/**
 * Pids this run started, written to a file a detached shell watches: when this process is
 * gone (even SIGKILLed) the shell SIGKILLs every pid left in the file and removes `dir`.
 */
export class Reaper {
  constructor(dir) {
    this.dir = dir;
    this.file = path.join(dir, 'pids');
    this.pids = new Set();
    fs.writeFileSync(this.file, '');
    const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -9 $(cat '${this.file}') 2>/dev/null; rm -rf '${dir}'`;
    spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
  }

  track(child) {
    this.pids.add(child.pid);
    this.write();
    child.once('exit', () => {
      this.pids.delete(child.pid);
      this.write();
    });
  }

  write() {
    // The directory goes at the end of a normal run, before the last exits are seen.
    if (fs.existsSync(this.dir)) fs.writeFileSync(this.file, [...this.pids].join(' '));
  }
}

/** One infrastructure server (redis-server, nats-server) on a fixed port and data dir, restartable. */
class InfraServer {
  constructor(name, command, args, readyLine, reaper) {
    Object.assign(this, { name, command, args, readyLine, reaper });
    this.restarts = 0;
  }

  async start() {
    let out = '';
    const child = spawn(this.command, this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.reaper.track(child);
    const onData = (chunk) => (out = (out + chunk.toString()).slice(-16_384));
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
    this.output = () => out;
    await waitFor(
      `${this.name} ready`,
      () => {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${this.name} exited:\n${out}`);
        return this.readyLine.test(out);
      },
      20_000,
      50,
    );
  }

  /** Kill (SIGKILL by default: the data dir must carry the state), wait `downMs`, start again. */
  async restart(signal = 'SIGKILL', downMs = 1000) {
    this.child.kill(signal);
    await this.exited;
    await new Promise((r) => setTimeout(r, downMs));
    await this.start();
    this.restarts += 1;
  }

  async stop() {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** redis-server with an fsync'd append-only file: a SIGKILL loses no acknowledged write. */
export async function startRedis(dir, reaper) {
  const port = await freePort();
  const data = path.join(dir, 'redis');
  fs.mkdirSync(data, { recursive: true });
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', data, '--appendonly', 'yes'];
  args.push('--appendfsync', 'always', '--save', '', '--daemonize', 'no', '--loglevel', 'notice');
  const server = new InfraServer('redis-server', 'redis-server', args, /Ready to accept connections/, reaper);
  await server.start();
  server.url = `redis://127.0.0.1:${port}`;
  return server;
}

/** nats-server with JetStream on file storage in `dir`: streams and consumers survive a restart. */
export async function startNats(dir, reaper) {
  const port = await freePort();
  const data = path.join(dir, 'nats');
  fs.mkdirSync(data, { recursive: true });
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', data];
  const server = new InfraServer('nats-server', '/usr/sbin/nats-server', args, /Server is ready/, reaper);
  await server.start();
  server.url = `nats://127.0.0.1:${port}`;
  return server;
}

/** `n` busy-looping processes (noisy neighbours): CPU starvation makes boots and jobs slow. */
export function startCpuHogs(n, reaper) {
  const hogs = Array.from({ length: n }, () => {
    const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    reaper.track(child);
    return child;
  });
  return () => hogs.forEach((h) => h.kill('SIGKILL'));
}
