// The chaos run's verdict: SQL over the run's own database, the webhook receiver's records,
// the broker's dead letters and BullMQ's job counts, as rows of (check, expected, actual, pass).
import { createRequire } from 'node:module';
import { checkWebhooks } from './chaos-webhooks.mjs';
import { SCHEMAS, SERVICES } from './harness.mjs';

const require = createRequire(import.meta.url);
const { EVENT_TYPES, QUEUES, durableName } = require('@flowguard/contracts');

/** Events a workflow has at most one of: a second one is an effect applied twice. */
const ONE_SHOT = [
  'goal.submitted',
  'goal.analyzed',
  'goal.clarified',
  'spec.created',
  'tickets.generated',
  'handoff.created',
  'workflow.failed',
  'workflow.cancelled',
];
const CHAIN = ['goal.submitted', 'goal.analyzed', 'goal.clarified', 'spec.created', 'tickets.generated'];

export async function runChecks({ db, M, tenants, records, broker, queues, usage, prefix, chaos, model }) {
  const rows = [];
  const add = (check, expected, actual, pass = String(expected) === String(actual)) =>
    rows.push({ check, expected, actual, pass });
  const q = async (sql, params) => (await db.query(sql, params)).rows;
  const n = async (sql, params) => Number((await q(sql, params))[0].n);

  // ---- workflows ----
  const wfs = await q(
    `SELECT id, tenant_id, status, options, spec_id, ticket_set_id, handoff_id, execution_id, errors FROM gateway.workflow`,
  );
  const byStatus = (s) => wfs.filter((w) => w.status === s);
  const completed = byStatus('completed');
  const agentDone = completed.filter((w) => w.options.agentType);
  const failed = byStatus('failed');
  add('workflows accepted by the API (distinct ids)', M, chaos.acceptedIds);
  add('workflow rows in the gateway (no double submit)', M, wfs.length);
  add(
    'workflows not in a terminal state',
    0,
    wfs.filter((w) => !['completed', 'failed', 'cancelled'].includes(w.status)).length,
  );
  // The brief's bar: completed, or failed with a stated reason (the reasons are printed).
  const withReason = failed.filter((w) => w.errors?.[0]?.reason);
  add('workflows completed or failed with a stated reason', M, completed.length + withReason.length);
  add('workflows failed without a stated reason', 0, failed.length - withReason.length);
  add('workflows cancelled', 0, byStatus('cancelled').length);
  const failedReasons = failed.map((w) => `${w.errors[0]?.phase}: ${w.errors[0]?.reason}`);

  // ---- artifacts: one per completed workflow, the one the projection names ----
  const artifacts = [
    ['clarification', 'clarifier.clarification', 'NULL', null, completed],
    ['spec', 'spec_gen.spec', 'id', 'spec_id', completed],
    ['ticket set', 'ticket_gen.ticket_set', 'id', 'ticket_set_id', completed],
    ['handoff', 'handoff.handoff', 'id', 'handoff_id', agentDone],
    ['execution', 'handoff.execution', 'id', 'execution_id', agentDone],
  ];
  const counts = {};
  for (const [name, table, idCol, wfCol, expectedSet] of artifacts) {
    const got = await q(`SELECT workflow_id, count(*)::int n, min(${idCol}::text) id FROM ${table} GROUP BY 1`);
    const per = new Map(got.map((r) => [r.workflow_id, r]));
    counts[name] = got.reduce((s, r) => s + r.n, 0);
    add(
      `${name}: completed workflows with exactly one`,
      expectedSet.length,
      expectedSet.filter((w) => per.get(w.id)?.n === 1).length,
    );
    add(
      `${name}: rows beyond one per workflow`,
      0,
      got.reduce((s, r) => s + r.n - 1, 0),
    );
    if (wfCol)
      add(
        `${name}: id differs from the workflow's`,
        0,
        expectedSet.filter((w) => per.get(w.id)?.id !== w[wfCol]).length,
      );
  }
  const noAgent = new Set(wfs.filter((w) => !w.options.agentType).map((w) => w.id));
  add(
    'handoffs for workflows without an agent',
    0,
    (await q(`SELECT workflow_id FROM handoff.handoff`)).filter((r) => noAgent.has(r.workflow_id)).length,
  );
  add(
    'ticket sets other than version 1',
    0,
    await n(`SELECT count(*) n FROM ticket_gen.ticket_set WHERE version <> 1`),
  );
  add(
    'ticket sets whose rows differ from their tickets.generated',
    0,
    await n(`SELECT count(*) n FROM gateway.workflow_event e
      WHERE e.type = 'tickets.generated' AND jsonb_array_length(e.envelope->'data'->'ticketSet'->'tickets') <>
        (SELECT count(*) FROM ticket_gen.ticket t WHERE t.ticket_set_id = (e.envelope->'data'->'ticketSet'->>'id')::uuid)`),
  );

  // ---- events: once each, none lost between outbox, broker and the gateway's log ----
  add(
    'event log: one-shot events recorded twice per workflow',
    0,
    await n(
      `SELECT count(*) n FROM (SELECT 1 FROM gateway.workflow_event WHERE type = ANY($1) GROUP BY workflow_id, type HAVING count(*) > 1) d`,
      [ONE_SHOT],
    ),
  );
  const types = new Map(
    (await q(`SELECT workflow_id, array_agg(type) t FROM gateway.workflow_event GROUP BY 1`)).map((r) => [
      r.workflow_id,
      new Set(r.t),
    ]),
  );
  const chainOf = (w) => (w.options.agentType ? [...CHAIN, 'handoff.created'] : CHAIN);
  add(
    'event log: completed workflows missing a chain event',
    0,
    completed.filter((w) => chainOf(w).some((t) => !types.get(w.id)?.has(t))).length,
  );
  let outboxDupes = 0;
  let unpublished = 0;
  let lost = 0;
  const outboxIds = [];
  for (const s of SCHEMAS) {
    outboxDupes += await n(
      `SELECT count(*) n FROM (SELECT 1 FROM "${s}".outbox WHERE type = ANY($1)
      GROUP BY envelope->>'workflowId', type HAVING count(*) > 1) d`,
      [ONE_SHOT],
    );
    unpublished += await n(`SELECT count(*) n FROM "${s}".outbox WHERE published_at IS NULL`);
    lost += await n(
      `SELECT count(*) n FROM "${s}".outbox o WHERE NOT EXISTS (SELECT 1 FROM gateway.workflow_event e WHERE e.event_id = o.id)`,
    );
    outboxIds.push(`SELECT id FROM "${s}".outbox`);
  }
  add('outbox: one-shot events written twice per workflow', 0, outboxDupes);
  add('outbox: rows never published', 0, unpublished);
  add('outbox events missing from the gateway log (lost)', 0, lost);
  add(
    'gateway log events no outbox wrote',
    0,
    await n(
      `SELECT count(*) n FROM gateway.workflow_event e WHERE e.event_id NOT IN (${outboxIds.join(' UNION ALL ')})`,
    ),
  );
  const perType = new Map(
    (await q(`SELECT type, count(*)::int n FROM gateway.workflow_event GROUP BY 1`)).map((r) => [r.type, r.n]),
  );
  // Every consumer with an inbox has one row per event of its type; the gateway projects every type.
  const inboxOff = [];
  for (const [i, s] of SCHEMAS.entries()) {
    const names = new Map(EVENT_TYPES.map((t) => [durableName(prefix, SERVICES[i], t), t]));
    const got = new Map(
      (await q(`SELECT consumer, count(*)::int n FROM "${s}".inbox GROUP BY 1`)).map((r) => [r.consumer, r.n]),
    );
    if (s === 'gateway')
      for (const t of perType.keys())
        got.set(durableName(prefix, 'gateway', t), got.get(durableName(prefix, 'gateway', t)) ?? 0);
    for (const [consumer, count] of got) {
      const expected = perType.get(names.get(consumer)) ?? 0;
      if (count !== expected) inboxOff.push(`${consumer} ${count}/${expected}`);
    }
  }
  add('inbox consumers whose rows ≠ events of their type', 0, inboxOff.length);
  add('dead letters (DLQ)', 0, broker.deadLetterCount);
  // A job that failed for good must have failed its workflow (job ids are tenant:workflow:step).
  const failedIds = new Set(failed.map((w) => w.id));
  const failedJobs = Object.values(queues).flatMap((x) => x.failedJobs ?? []);
  add(
    'BullMQ jobs failed for good whose workflow did not fail',
    0,
    failedJobs.filter((j) => !failedIds.has(j.id.split(':')[1])).length,
  );
  // One job per (workflow, step): the step's trigger events, counted in the log.
  const finished = (q) => queues[q].completed + queues[q].failed;
  add(
    'BullMQ jobs finished (clarification, spec, tickets) = their triggers',
    [wfs.length, perType.get('goal.clarified') ?? 0, perType.get('spec.created') ?? 0].join(', '),
    [QUEUES.clarification, QUEUES.spec, QUEUES.tickets].map(finished).join(', '),
  );

  // ---- token ledger ----
  const ledger = [];
  for (const s of ['clarifier', 'spec_gen', 'ticket_gen'])
    ledger.push(
      ...(await q(
        `SELECT purpose, outcome, count(*)::int calls, sum(prompt_tokens)::int p, sum(completion_tokens)::int c FROM "${s}".token_usage GROUP BY 1, 2`,
      )),
    );
  const succeeded = (p) =>
    ledger.filter((r) => r.purpose === p && r.outcome === 'succeeded').reduce((s, r) => s + r.calls, 0);
  add(
    'ledger: succeeded rows = artifacts (clarification, spec, tickets)',
    [counts.clarification, counts.spec, counts['ticket set']].join(', '),
    ['clarification', 'spec', 'tickets'].map(succeeded).join(', '),
  );
  let twice = 0;
  for (const s of ['clarifier', 'spec_gen', 'ticket_gen'])
    twice += await n(
      `SELECT count(*) n FROM (SELECT 1 FROM "${s}".token_usage WHERE outcome = 'succeeded' GROUP BY workflow_id, purpose HAVING count(*) > 1) d`,
    );
  add('ledger: (workflow, purpose) charged as succeeded twice', 0, twice);
  const sum = (xs, f) => xs.reduce((s, x) => s + f(x), 0);
  const sqlTotals = `calls ${sum(ledger, (r) => r.calls)}, tokens ${sum(ledger, (r) => r.p + r.c)}`;
  const apiTotals = `calls ${sum(usage, (u) => u.totals.calls)}, tokens ${sum(usage, (u) => u.totals.totalTokens)}`;
  add('ledger: GET /v1/usage (TokenLedger.summary) = ledger rows', sqlTotals, apiTotals);
  // --llm fake: every ledger row is a call the model server charged, never more. A paid answer
  // whose worker was killed before its commit is charged but not recorded (reported, not failed).
  let unrecorded;
  if (model) {
    const ledgerCalls = sum(ledger, (r) => r.calls);
    const ledgerTokens = sum(ledger, (r) => r.p + r.c);
    add('ledger calls ≤ answers the model server charged', `≤ ${model.calls}`, ledgerCalls, ledgerCalls <= model.calls);
    add(
      'ledger tokens ≤ tokens the model server charged',
      `≤ ${model.tokens}`,
      ledgerTokens,
      ledgerTokens <= model.tokens,
    );
    unrecorded = { calls: model.calls - ledgerCalls, tokens: model.tokens - ledgerTokens };
  }
  const ledgerOther = ledger
    .filter((r) => r.outcome !== 'succeeded')
    .map((r) => `${r.purpose} ${r.outcome} ${r.calls}`);

  // ---- webhooks ----
  const webhookStats = await checkWebhooks({ q, n, add, records, tenants, oneShot: ONE_SHOT });

  // ---- the chaos itself ----
  add('service processes SIGKILLed and restarted', chaos.kills, chaos.log.kills.length);
  add('infra restarts (redis-server, nats-server)', chaos.infraExpected, chaos.infraDone);
  add('quiescent afterwards (outbox, consumers, queues, webhooks)', true, chaos.quiet);
  add(
    'services exit 0 on SIGTERM after the chaos',
    'all 0',
    chaos.exitCodes.every(([, c]) => c === 0) ? 'all 0' : JSON.stringify(chaos.exitCodes),
  );

  return { rows, failedReasons, inboxOff, ledgerOther, unrecorded, webhookStats, counts, completed: completed.length };
}
