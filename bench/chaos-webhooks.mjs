// The webhook half of the chaos verdict: what the receiver recorded against the gateway's
// event log and delivery rows. At-least-once delivery may repeat a webhook-id; it must never
// change meaning (one event per webhook-id, one webhook-id per event) or miss an event.

/** Adds the webhook checks through `add`; returns counts for the report. */
export async function checkWebhooks({ q, n, add, records, tenants, oneShot }) {
  const events = await q(`SELECT event_id, tenant_id, workflow_id, type FROM gateway.workflow_event`);
  const tenantOf = new Map(tenants.map((t, i) => [i, t.tenantId]));
  /** Keys (of the records `where` keeps) seen with more than one value. */
  const ambiguous = (key, val, where = () => true) => {
    const m = new Map();
    for (const r of records.filter(where)) (m.get(key(r)) ?? m.set(key(r), new Set()).get(key(r))).add(val(r));
    return [...m.values()].filter((v) => v.size > 1).length;
  };
  add(
    'webhook-ids received for more than one event (or not msg_<event id>)',
    0,
    ambiguous(
      (r) => r.webhookId,
      (r) => r.eventId,
    ) + records.filter((r) => r.webhookId !== `msg_${r.eventId}`).length,
  );
  add(
    '(endpoint, event) received under more than one webhook-id',
    0,
    ambiguous(
      (r) => `${r.endpoint}/${r.eventId}`,
      (r) => r.webhookId,
    ),
  );
  add(
    'one-shot (workflow, type) received under more than one webhook-id',
    0,
    ambiguous(
      (r) => `${r.workflowId}/${r.type}`,
      (r) => r.webhookId,
      (r) => oneShot.includes(r.type),
    ),
  );
  add(
    "deliveries to another tenant's endpoint",
    0,
    records.filter((r) => tenantOf.get(r.endpoint) !== r.tenantId).length,
  );
  const ok = new Set(records.filter((r) => r.status < 300).map((r) => `${tenantOf.get(r.endpoint)}/${r.eventId}`));
  const missed = events.filter((e) => !ok.has(`${e.tenant_id}/${e.event_id}`));
  add("recorded events never answered 2xx at their tenant's endpoint", 0, missed.length);
  add(
    'terminal events (tickets.generated, handoff.created, workflow.failed) never answered 2xx',
    0,
    missed.filter((e) => ['tickets.generated', 'handoff.created', 'workflow.failed'].includes(e.type)).length,
  );
  add(
    'webhook delivery rows not delivered',
    0,
    await n(`SELECT count(*) n FROM gateway.webhook_delivery WHERE status <> 'delivered'`),
  );
  add(
    'recorded events without a delivery row',
    0,
    await n(`SELECT count(*) n FROM gateway.workflow_event e
      WHERE NOT EXISTS (SELECT 1 FROM gateway.webhook_delivery d WHERE d.event_id = e.event_id)`),
  );
  const twoxx = records.filter((r) => r.status < 300);
  return {
    received: records.length,
    answered500: records.length - twoxx.length,
    repeatsAfter2xx: twoxx.length - new Set(twoxx.map((r) => r.webhookId)).size,
  };
}
