// npm run demo [-- --keep] [-- --out DIR]
// The whole product in one command: checks (and if needed starts) Postgres, Redis and NATS,
// builds, runs the five services (default ports, or free ones when those are busy), creates
// a local tenant, plans examples/prd-team-billing.md with the CLI
// (`flowguard plan --file … --yes --agent claude`), prints where the files are and stops the
// services. --keep leaves them running (Ctrl-C stops them). Works offline; OPENAI_API_KEY,
// when set, is passed through and the services use that model instead of the offline planner.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { SERVICES, root } from './lib.mjs';

const args = process.argv.slice(2);
const keep = args.includes('--keep');
const outAt = args.indexOf('--out');
if (outAt >= 0 && (!args[outAt + 1] || args[outAt + 1].startsWith('--'))) {
  console.error('usage: npm run demo [-- --keep] [-- --out DIR]');
  process.exit(2);
}
const unknown = args.filter((a, i) => a.startsWith('--') && !['--keep', '--out'].includes(a) && i !== outAt + 1);
if (unknown.length) {
  console.error(`demo: unknown option ${unknown[0]}; usage: npm run demo [-- --keep] [-- --out DIR]`);
  process.exit(2);
}
const out = path.resolve(outAt >= 0 ? args[outAt + 1] : path.join(root, '.flowguard'));
const prd = path.join(root, 'examples', 'prd-team-billing.md');
const cli = path.join(root, 'apps', 'cli', 'dist', 'main.js');
const HEALTH_TIMEOUT_MS = 90_000;
const KILL_AFTER_MS = 30_000;

/** A path relative to where the demo was started, or absolute when that is shorter to read. */
const shown = (p) => {
  const rel = path.relative(process.cwd(), p);
  return !rel ? '.' : rel.startsWith('..') ? p : rel;
};
const step = (text) => console.log(`\n▶ ${text}`);
const fail = (text) => {
  console.error(`demo: ${text}`);
  return 1;
};

// --- helpers ----------------------------------------------------------------------------------
/** True when nothing listens on 127.0.0.1:port (the services' default HOST). */
const portFree = (port) =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** A port the kernel says is free right now. */
const anyFreePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function isHealthy(url) {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Runs a command to completion, output captured; prints it only when the command fails. */
function runQuiet(what, cmd, cmdArgs, env = process.env) {
  const res = spawnSync(cmd, cmdArgs, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) {
    process.stderr.write(`${res.stdout ?? ''}${res.stderr ?? ''}`);
    console.error(`demo: ${what} failed (${res.error ? res.error.message : `exit ${res.status}`})`);
    return undefined;
  }
  return res.stdout;
}

// --- services -----------------------------------------------------------------------------
const procs = [];
let stopping = false;

function startService(svc, port) {
  const child = spawn(process.execPath, [path.join('apps', svc.name, 'dist', 'main.js')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const p = { ...svc, port, url: `http://127.0.0.1:${port}`, child, result: null, log: [] };
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      // Kept for a failure report; shown live only with --keep once the demo has run.
      p.log.push(line);
      if (p.log.length > 200) p.log.shift();
      if (p.live) process.stderr.write(`${svc.name.padEnd(10)} | ${line}\n`);
    });
  }
  p.exited = new Promise((resolve) =>
    child.on('close', (code, signal) => {
      p.result = { code, signal };
      if (!stopping) console.error(`demo: ${svc.name} exited unexpectedly (${signal ?? `code ${code}`})`);
      resolve(p.result);
    }),
  );
  procs.push(p);
  return p;
}

/** SIGTERM to all, SIGKILL after KILL_AFTER_MS; true when every service exited 0. */
async function stopAll() {
  stopping = true;
  const running = () => procs.filter((p) => p.result === null);
  for (const p of running()) p.child.kill('SIGTERM');
  const killer = setTimeout(() => {
    for (const p of running()) {
      console.error(`demo: ${p.name} still running after ${KILL_AFTER_MS / 1000} s; killing it`);
      p.child.kill('SIGKILL');
    }
  }, KILL_AFTER_MS);
  await Promise.all(procs.map((p) => p.exited));
  clearTimeout(killer);
  const unclean = procs.filter((p) => p.result.code !== 0);
  for (const p of unclean) console.error(`demo: ${p.name} exited with ${p.result.signal ?? `code ${p.result.code}`}`);
  return unclean.length === 0;
}

const dumpLogs = () => {
  for (const p of procs)
    if (p.log.length) console.error(`--- ${p.name} (last lines) ---\n${p.log.slice(-30).join('\n')}`);
};

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) for (const p of procs.filter((x) => x.result === null)) p.child.kill('SIGKILL');
    interrupted = true;
    console.error('\ndemo: stopping the services…');
    stopAll().then((clean) => process.exit(clean ? (keep ? 0 : 130) : 1));
  });
}

// --- the demo -----------------------------------------------------------------------------
async function main() {
  step('checking Postgres, Redis and NATS (starting any that is down)');
  if (
    spawnSync(process.execPath, [path.join(root, 'scripts', 'infra-check.mjs'), '--start'], {
      cwd: root,
      stdio: 'inherit',
    }).status !== 0
  ) {
    return fail('infrastructure is not up; see above');
  }

  step('building (nx, cached)');
  if (runQuiet('build', 'npx', ['nx', 'run-many', '-t', 'build', '--output-style=static']) === undefined) return 1;

  step('starting the five services');
  for (const svc of SERVICES) {
    const wanted = Number(process.env[svc.portEnv] || svc.port);
    let port = wanted;
    if (!(await portFree(wanted))) {
      port = await anyFreePort();
      console.log(`  port ${wanted} is busy; ${svc.name} uses ${port}`);
    }
    startService(svc, port);
  }
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  const healthy = new Set();
  while (healthy.size < procs.length && Date.now() < deadline && !stopping) {
    await Promise.all(
      procs.filter((p) => !healthy.has(p)).map(async (p) => (await isHealthy(p.url)) && healthy.add(p)),
    );
    if (procs.some((p) => p.result !== null)) break;
    if (healthy.size < procs.length) await new Promise((r) => setTimeout(r, 300));
  }
  if (healthy.size < procs.length) {
    dumpLogs();
    await stopAll();
    return fail(
      `not every service became healthy: ${procs
        .filter((p) => !healthy.has(p))
        .map((p) => p.name)
        .join(', ')}`,
    );
  }
  for (const p of procs) console.log(`  ${p.name.padEnd(10)} ${p.url}`);
  const gateway = procs.find((p) => p.name === 'gateway');

  step('creating a local tenant');
  const tenantOut = runQuiet('tenant:create', process.execPath, [
    path.join(root, 'scripts', 'tenant-create.mjs'),
    '--name',
    'demo',
    '--json',
  ]);
  if (tenantOut === undefined) {
    await stopAll();
    return 1;
  }
  const tenant = JSON.parse(tenantOut.trim().split('\n').pop());
  console.log(`  tenant ${tenant.tenantId} (demo)`);

  const planner = process.env.OPENAI_API_KEY
    ? `OpenAI-compatible model ${process.env.OPENAI_MODEL ?? 'gpt-4o-mini'}`
    : 'the offline planner (no OPENAI_API_KEY set)';
  step(`planning examples/prd-team-billing.md with ${planner}`);
  console.log(`  flowguard plan --file examples/prd-team-billing.md --yes --agent claude --out ${shown(out)}\n`);
  const cliEnv = { ...process.env, FLOWGUARD_URL: gateway.url, FLOWGUARD_API_KEY: tenant.apiKey };
  const plan = spawnSync(process.execPath, [cli, 'plan', '--file', prd, '--yes', '--agent', 'claude', '--out', out], {
    cwd: root,
    env: cliEnv,
    stdio: 'inherit',
  });
  if (plan.status !== 0) {
    dumpLogs();
    await stopAll();
    return fail(`flowguard plan failed (exit ${plan.status ?? plan.signal})`);
  }

  step(`done: the plan is in ${shown(out)}`);
  const files = [
    ['spec.md', 'the spec: requirements, technical plan, phases, risks'],
    ['tickets/*.md', 'one file per ticket (front matter + markdown)'],
    ['IMPL_PLAN.md', 'phases and the order of work'],
    ['TODO_LIST.md', 'checkboxes in dependency order'],
    ['handoff-claude.md', 'the prompt to give Claude Code'],
  ];
  for (const [file, what] of files) console.log(`  ${path.join(shown(out), file).padEnd(40)} ${what}`);

  if (keep) {
    console.log(
      `\nServices keep running (Ctrl-C stops them). Try the CLI against them:\n` +
        `  export FLOWGUARD_URL=${gateway.url} FLOWGUARD_API_KEY=${tenant.apiKey}\n` +
        `  npm run flowguard -- list\n` +
        `  npm run flowguard -- plan --file examples/feature-request.md --context examples/sample-codebase\n`,
    );
    for (const p of procs) p.live = true;
    await Promise.all(procs.map((p) => p.exited));
    return stopping ? 0 : 1;
  }

  step('stopping the services');
  const clean = await stopAll();
  if (!clean) return fail('some services did not stop cleanly');
  console.log('  all services stopped cleanly');
  return 0;
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(`demo: ${err?.stack ?? err}`);
    await stopAll();
    process.exit(1);
  },
);
