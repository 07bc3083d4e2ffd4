// npm start [-- --exit-when-healthy]
// Checks (and if needed starts) the local infrastructure, builds, then runs all five services
// in this terminal with prefixed logs. Ctrl-C stops them gracefully.
// --exit-when-healthy: stop everything once all services answer /health (CI smoke check);
// exits 0 only if every service became healthy and then exited with code 0.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { SERVICES, root } from './lib.mjs';

const exitWhenHealthy = process.argv.includes('--exit-when-healthy');
const HEALTH_TIMEOUT_MS = 60_000;
const KILL_AFTER_MS = 30_000;

function run(cmd, args) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status === 0;
}

if (!run(process.execPath, [path.join(root, 'scripts', 'infra-check.mjs'), '--start'])) {
  console.error('start: infrastructure is not up; see above');
  process.exit(1);
}
if (!run('npx', ['nx', 'run-many', '-t', 'build', '--output-style=static'])) {
  console.error('start: build failed');
  process.exit(1);
}

// --- children -------------------------------------------------------------------------------
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const COLORS = [36, 35, 33, 32, 34];
const width = Math.max(...SERVICES.map((s) => s.name.length));
// Services listen on HOST (default 127.0.0.1); a wildcard address is reachable via loopback.
const host = { '': '127.0.0.1', '0.0.0.0': '127.0.0.1', '::': '::1' }[process.env.HOST ?? ''] ?? process.env.HOST;
const urlHost = host.includes(':') ? `[${host}]` : host;

let stopping = false;
const procs = SERVICES.map((svc, i) => {
  const port = Number(process.env[svc.portEnv] || svc.port);
  const tag = useColor ? `\x1b[${COLORS[i % COLORS.length]}m${svc.name.padEnd(width)}\x1b[0m` : svc.name.padEnd(width);
  // Each child gets its own PORT; gateway's portEnv is PORT itself, the others have their own variable.
  const child = spawn(process.execPath, [path.join('apps', svc.name, 'dist', 'main.js')], {
    cwd: root,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.on('error', (err) => console.error(`start: ${svc.name}: ${err.message}`));
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    readline
      .createInterface({ input: stream, crlfDelay: Infinity })
      .on('line', (line) => out.write(`${tag} | ${line}\n`));
  }
  const p = { ...svc, port, url: `http://${urlHost}:${port}`, child, result: null, healthy: false };
  // 'close' (not 'exit') so the last log lines are printed before we report the exit.
  p.exited = new Promise((resolve) =>
    child.on('close', (code, signal) => {
      p.result = { code, signal };
      if (!stopping) {
        console.error(`start: ${svc.name} exited unexpectedly (${describe(p.result)}); stopping the others`);
        stopAll().then(() => process.exit(1));
      }
      resolve(p.result);
    }),
  );
  return p;
});

const describe = ({ code, signal }) => (signal ? `signal ${signal}` : `code ${code}`);

/** SIGTERM to every running child, SIGKILL to any still running after KILL_AFTER_MS; resolves when all have exited. */
let stopped;
function stopAll() {
  if (stopped) return stopped;
  stopping = true;
  const running = () => procs.filter((p) => p.result === null);
  for (const p of running()) p.child.kill('SIGTERM');
  const killer = setTimeout(() => {
    for (const p of running()) {
      console.error(`start: ${p.name} still running after ${KILL_AFTER_MS / 1000} s; killing it`);
      p.child.kill('SIGKILL');
    }
  }, KILL_AFTER_MS);
  stopped = Promise.all(procs.map((p) => p.exited)).then(() => clearTimeout(killer));
  return stopped;
}

/** Stops everything and exits 0 only if every child exited with code 0. */
async function shutdown() {
  await stopAll();
  const unclean = procs.filter((p) => p.result.code !== 0);
  for (const p of unclean) console.error(`start: ${p.name} exited with ${describe(p.result)}`);
  console.log(
    unclean.length === 0 ? 'start: all services stopped cleanly' : 'start: some services did not stop cleanly',
  );
  process.exit(unclean.length === 0 ? 0 : 1);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    // A second Ctrl-C means "now": don't wait for the graceful shutdown.
    if (stopping) for (const p of procs.filter((x) => x.result === null)) p.child.kill('SIGKILL');
    else shutdown();
  });
}

// --- health ---------------------------------------------------------------------------------
async function isHealthy(p) {
  try {
    const res = await fetch(`${p.url}/health`, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

const deadline = Date.now() + HEALTH_TIMEOUT_MS;
while (!stopping && Date.now() < deadline && procs.some((p) => !p.healthy)) {
  await Promise.all(procs.filter((p) => !p.healthy).map(async (p) => (p.healthy = await isHealthy(p))));
  if (procs.some((p) => !p.healthy)) await new Promise((r) => setTimeout(r, 500));
}
if (!stopping) {
  const urlWidth = Math.max(3, ...procs.map((p) => p.url.length));
  const table = [['service', 'url', 'healthy'], ...procs.map((p) => [p.name, p.url, p.healthy ? 'yes' : 'NO'])];
  console.log(`\n${table.map(([a, b, c]) => `${a.padEnd(width + 2)}${b.padEnd(urlWidth + 2)}${c}`).join('\n')}\n`);

  if (procs.some((p) => !p.healthy)) {
    console.error(`start: not all services healthy after ${HEALTH_TIMEOUT_MS / 1000} s; stopping`);
    await stopAll();
    process.exit(1);
  }
  if (exitWhenHealthy) await shutdown();
}
