// API fuzz (issue 8): fast-check-generated requests over every route of the gateway's OpenAPI
// document, against the five built services on the real Postgres, Redis and NATS. Fails on
// any 5xx, dropped connection, exited service, 4xx that is not a problem naming its fields,
// or another tenant's id answered 2xx.
// Needs the build: npx nx run-many -t build --output-style=static
// Reproduce: node bench/fuzz.mjs [--requests 10000] [--concurrency 16] [--seed N] [--json]
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { cliArgs, createIsolation, createTenant, root, startServices, stopServices } from './harness.mjs';
import { requestArb, routesOf } from './fuzz-requests.mjs';
import { pct } from './load-helpers.mjs';
import { OWNED, seedState, startReceiver } from './fuzz-seed.mjs';
import { build, closeAgent, judge, replayable, send } from './fuzz-send.mjs';

const { num, flag } = cliArgs();
const REQUESTS = num('requests', 10_000);
const CONCURRENCY = num('concurrency', 16);
const SEED = num('seed', Math.floor(Math.random() * 2 ** 31));
const JSON_OUT = flag('json');
const log = (...a) => console.error(...a);

/** A stable per-route seed, so adding a route does not change the others' requests. */
const routeSeed = (id) => [...id].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, SEED);

/** N requests spread evenly over the routes (every route gets its share), interleaved. */
function generate(routes, ctx) {
  const perRoute = routes.map((r, i) =>
    fc.sample(requestArb(r, ctx), {
      seed: routeSeed(r.id),
      numRuns: Math.floor(REQUESTS / routes.length) + (i < REQUESTS % routes.length ? 1 : 0),
    }),
  );
  const out = [];
  for (let k = 0; out.length < REQUESTS; k++) for (const list of perRoute) if (k < list.length) out.push(list[k]);
  return out;
}

/** Does a path parameter name a row of the tenant the key does not belong to? */
const otherTenantOf = (req) => {
  const other = { a: OWNED.b, b: OWNED.a }[req.auth.tenant] ?? [];
  return Object.values(req.params).some((p) => other.some((pool) => p.value.startsWith(`@@ref:${pool}:`)));
};

async function main() {
  const iso = await createIsolation('fuzz');
  const receiver = await startReceiver();
  let procs = [];
  const summary = { ok: false, seed: SEED, requests: 0, concurrency: CONCURRENCY };
  process.once('SIGINT', () => procs.forEach((p) => p.kill('SIGTERM')));
  try {
    const t0 = performance.now();
    const started = await startServices(iso, {
      RATE_LIMIT_PER_MINUTE: '0',
      OPENAI_API_KEY: undefined, // the offline planner
      OPENAI_BASE_URL: undefined,
      WEBHOOK_ALLOW_PRIVATE: 'true', // the local receiver; fuzzed webhooks may name no other URL
      WEBHOOK_SCHEDULE_MS: '200,400',
    });
    procs = started.procs;
    const base = started.base;
    const keys = { a: (await createTenant(iso, 'fuzz-a')).apiKey, b: (await createTenant(iso, 'fuzz-b')).apiKey };
    const pools = await seedState(base, keys, receiver.url);
    log(`services up and seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const doc = await (await fetch(`${base}/docs/openapi.json`)).json();
    const routes = routesOf(doc);
    if (routes.length === 0) throw new Error('the OpenAPI document lists no routes');
    const byId = new Map(routes.map((r) => [r.id, r]));
    const requests = generate(routes, { components: doc.components?.schemas ?? {}, url: receiver.url });
    log(`${requests.length} requests over ${routes.length} routes, seed ${SEED}`);

    const run = { keys, pools };
    const perRoute = Object.fromEntries(routes.map((r) => [r.id, {}]));
    const histogram = {};
    const failures = [];
    const timings = []; // [ms, route, status]
    let next = 0;
    let crashed;
    const tSend = performance.now();
    const worker = async () => {
      while (next < requests.length && !crashed) {
        const req = requests[next++];
        const route = byId.get(req.route);
        const wire = build(req, route, run);
        const t = performance.now();
        const result = await send(base, wire, { sse: route.sse });
        timings.push([performance.now() - t, `${wire.method} ${route.path}`, result.status]);
        const key = result.status || (wire.oversizeHead ? 'reset (head too big)' : 'no answer');
        histogram[key] = (histogram[key] ?? 0) + 1;
        perRoute[route.id][key] = (perRoute[route.id][key] ?? 0) + 1;
        const why = judge(result, { ...wire, otherTenant: otherTenantOf(req) });
        if (why) failures.push({ route: route.id, focus: req.focus, ...replayable(wire, run, result, why) });
        const down = procs.find((p) => !p.running);
        if (down) crashed = `${down.name} exited (${down.proc.child.exitCode ?? down.proc.child.signalCode})`;
        if (timings.length % 1000 === 0)
          log(`${timings.length}/${requests.length} answered, ${failures.length} failures`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - tSend) / 1000;
    const sent = Object.values(histogram).reduce((a, b) => a + b, 0);

    // Still healthy afterwards, then a clean SIGTERM.
    const health = {};
    for (const p of procs) health[p.name] = (await fetch(`${p.url}/health`).catch(() => ({ status: 0 }))).status;
    const exits = Object.fromEntries(await stopServices(procs));
    for (const p of procs)
      if (failures.length && (p.name === 'gateway' || exits[p.name] !== 0))
        log(`--- ${p.name} ---\n${p.output().slice(-3000)}`);
    const ms = timings.map(([t]) => t).sort((a, b) => a - b);
    const latencyMs = { p50: pct(ms, 50), p99: pct(ms, 99), max: ms.at(-1) };
    for (const k of Object.keys(latencyMs)) latencyMs[k] = Math.round(latencyMs[k] ?? 0);
    const slowest = timings.sort((a, b) => b[0] - a[0]).slice(0, 5);

    const classes = {};
    for (const [status, n] of Object.entries(histogram)) {
      const c = Number(status) ? `${String(status)[0]}xx` : 'no answer';
      classes[c] = (classes[c] ?? 0) + n;
    }
    const count = (test) => failures.filter((f) => test(f.why)).length;
    Object.assign(summary, {
      requests: sent,
      seconds: +seconds.toFixed(1),
      perSecond: +(sent / seconds).toFixed(1),
      latencyMs,
      routesDocumented: routes.length,
      routesHit: routes.filter((r) => Object.keys(perRoute[r.id]).length > 0).length,
      statusClasses: classes,
      statuses: histogram,
      fiveXx: Object.entries(histogram).reduce((n, [s, c]) => n + (Number(s) >= 500 ? c : 0), 0),
      failureCount: failures.length,
      connectionErrors: count((w) => w.startsWith('connection')),
      crashes: crashed ? [crashed] : [],
      problemViolations: count((w) => /problem|names no field/.test(w)),
      crossTenant: count((w) => w.startsWith('another tenant')),
      health,
      exits,
      webhooksReceived: receiver.received(),
    });
    summary.ok =
      failures.length === 0 &&
      !crashed &&
      Object.values(health).every((s) => s === 200) &&
      Object.values(exits).every((c) => c === 0);

    const rows = Object.fromEntries(routes.map((r) => [r.id, perRoute[r.id]]));
    console.log(`\nAPI fuzz: ${sent} requests over ${routes.length} routes, concurrency ${CONCURRENCY}, seed ${SEED}`);
    console.table(rows);
    console.log(`status classes: ${JSON.stringify(classes)}; statuses: ${JSON.stringify(histogram)}`);
    console.log(
      `${summary.fiveXx} 5xx, ${summary.connectionErrors} connection errors, ${summary.problemViolations} problem+json violations, ` +
        `${summary.crossTenant} cross-tenant answers; ${seconds.toFixed(1)} s, ${summary.perSecond} req/s`,
    );
    console.log(
      `latency ms: p50 ${latencyMs.p50}, p99 ${latencyMs.p99}, max ${latencyMs.max}; slowest: ` +
        slowest.map(([t, r, st]) => `${r} ${st} ${Math.round(t)} ms`).join('; '),
    );
    console.log(`health after: ${JSON.stringify(health)}; exit codes on SIGTERM: ${JSON.stringify(exits)}`);
    if (failures.length) {
      const file = path.join(root, 'bench', 'results', `fuzz-${SEED}.jsonl`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, failures.map((f) => JSON.stringify(f)).join('\n') + '\n');
      console.log(`\n${failures.length} failing requests, all in ${path.relative(root, file)} (first 20):`);
      for (const f of failures.slice(0, 20)) console.log(JSON.stringify(f));
      summary.failures = failures.slice(0, 50);
    }
    console.log(`reproduce: node bench/fuzz.mjs --requests ${REQUESTS} --concurrency ${CONCURRENCY} --seed ${SEED}`);
  } catch (err) {
    summary.error = String(err?.stack ?? err);
    log(err);
    for (const p of procs) log(`--- ${p.name} ---\n${p.output().slice(-2000)}`);
    await stopServices(procs);
  } finally {
    closeAgent();
    await receiver.close();
    await iso.cleanup();
  }
  if (JSON_OUT) console.log(JSON.stringify(summary));
  return summary.ok;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
