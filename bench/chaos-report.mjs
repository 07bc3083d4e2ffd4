// Prints what a chaos run did and found: the kill log, durations, the table of checks, the
// reproduce command, and with --json a machine-readable summary as the last stdout line.
import os from 'node:os';

/** r: { o (options), log, flows, result, broker, queues, qz, slots, marks, infra, model, procs } */
export function report(r) {
  const { o, log, result } = r;
  const ok = result.rows.every((x) => x.pass);
  const perService = {};
  for (const k of log.kills) perService[k.service] = (perService[k.service] ?? 0) + 1;
  const secs = (a, b) => +((r.marks[b] - r.marks[a]) / 1000).toFixed(1);
  const durations = {
    setup: secs('start', 'setup'),
    chaos: secs('setup', 'chaos'),
    settle: secs('chaos', 'terminal'),
    quiesce: secs('terminal', 'quiet'),
    checks: secs('quiet', 'checked'),
    total: secs('start', 'checked'),
  };
  const posts = {
    tries: r.flows.reduce((s, f) => s + f.tries, 0),
    replayed: r.flows.filter((f) => f.replayed).length,
  };
  const failedJobs = Object.values(r.queues).flatMap((x) => x.failedJobs ?? []);
  // Generation jobs the kills interrupted: each one is a stall BullMQ counts against the job.
  const caught = log.kills.flatMap((k) => (k.inFlight ?? []).map((j) => ({ ...j, service: k.service, at: k.at })));
  const ages = caught.map((j) => j.ageMs).sort((a, b) => a - b);
  const interrupted = {
    jobs: caught.length,
    distinct: new Set(caught.map((j) => j.id)).size,
    ageMsP50: ages[Math.floor(ages.length / 2)] ?? null,
    ageMsMax: ages[ages.length - 1] ?? null,
    alreadyStalledTwice: caught.filter((j) => j.stalls >= 2).length,
  };
  for (const f of failedJobs)
    f.interruptedBy = caught
      .filter((j) => j.id === f.id)
      .map((j) => ({ service: j.service, at: j.at, ageMs: j.ageMs, started: j.started, stalls: j.stalls }));
  const cpus = os.cpus();
  const llm = o.llm === 'fake' ? `fake OpenAI server, ${o.latencyMs} ms per answer` : 'offline planner';
  const say = (line) => console.log(line);
  say(
    `\nchaos: ${o.workflows} workflows (2 tenants, half with agent claude), ${o.kills} SIGKILLs, ${llm}, ` +
      `ticket-gen × ${o.ticketGenReplicas}${o.cpuHogs ? `, ${o.cpuHogs} busy-loop processes during the kills` : ''}, seed ${o.seed}`,
  );
  say(`machine: ${cpus.length} × ${cpus[0].model}, node ${process.version}`);
  say(`kills per process: ${JSON.stringify(perService)}`);
  say(`infra restarts (SIGKILL, then start on the same data dir): ${JSON.stringify(log.infra)}`);
  say(`tenant-cap leases held when the kills ended (s left, per queue): ${JSON.stringify(r.slots)}`);
  if (log.bootFailures.length) say(`restarts that needed a retry: ${log.bootFailures.join('; ')}`);
  say(
    `POST /v1/workflows: ${posts.tries} tries for ${o.workflows} workflows, ` +
      `${posts.replayed} answered by idempotent replay (committed before the gateway died)`,
  );
  say(`generation jobs interrupted by the kills: ${JSON.stringify(interrupted)}`);
  const histograms = Object.fromEntries(
    Object.entries(r.queues)
      .filter(([, x]) => Object.keys(x.stallHistogram).length)
      .map(([q, x]) => [q, x.stallHistogram]),
  );
  say(`jobs per stall count (stalls → jobs): ${JSON.stringify(histograms)}`);
  say(`webhooks: ${JSON.stringify(result.webhookStats)}`);
  if (result.unrecorded) say(`charged by the model but not in the ledger: ${JSON.stringify(result.unrecorded)}`);
  say(`durations (s): ${JSON.stringify(durations)}`);
  say(`workflows: ${result.completed} completed, ${result.failedReasons.length} failed`);
  if (result.failedReasons.length) say(`failed workflows: ${result.failedReasons.join(' | ')}`);
  if (failedJobs.length) say(`BullMQ jobs failed for good: ${JSON.stringify(failedJobs)}`);
  if (r.broker.deadLetters.length) say(`dead letters: ${r.broker.deadLetters.join(' | ')}`);
  if (result.inboxOff.length) say(`inbox mismatches: ${result.inboxOff.join(', ')}`);
  if (result.ledgerOther.length) say(`ledger rows not succeeded: ${result.ledgerOther.join(', ')}`);
  if (!r.qz.quiet) say(`still moving at the end: ${JSON.stringify(r.qz.last)}`);
  say('\n| check | expected | actual | pass |\n| --- | --- | --- | --- |');
  for (const x of result.rows) say(`| ${x.check} | ${x.expected} | ${x.actual} | ${x.pass ? 'yes' : 'NO'} |`);
  say(`\n${ok ? 'PASS' : 'FAIL'}: ${result.rows.filter((x) => x.pass).length}/${result.rows.length} checks`);
  say(`reproduce: npx nx run-many -t build --output-style=static && ${o.reproduce}`);
  if (!ok) for (const p of r.procs) console.error(`--- ${p.name} (last run) ---\n${p.output().slice(-1500)}`);
  if (o.json)
    say(
      JSON.stringify({
        ok,
        seed: o.seed,
        workflows: o.workflows,
        completed: result.completed,
        llm: o.llm,
        kills: { total: log.kills.length, perService },
        infraRestarts: { redis: r.infra.redis, nats: r.infra.nats },
        bootFailures: log.bootFailures,
        posts,
        durations,
        checks: result.rows,
        failedReasons: result.failedReasons,
        failedJobs,
        interrupted,
        stallHistograms: histograms,
        killLog: log.kills,
        slotsAfterKills: r.slots,
        deadLetters: r.broker.deadLetters,
        inboxMismatches: result.inboxOff,
        ledgerNotSucceeded: result.ledgerOther,
        unrecordedModelCharges: result.unrecorded ?? null,
        webhooks: result.webhookStats,
        reproduce: o.reproduce,
      }),
    );
  return ok;
}
