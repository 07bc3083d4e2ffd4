import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@flowguard/contracts';
import { createEvent, type EventOrigin } from '@flowguard/messaging';
import { SseClient, sleep, waitFor } from '@flowguard/testing';
import { Client } from 'pg';
import { WorkflowEventEntity } from '../src/workflows/workflow.entity';

import { sseHarness, type SseHarness } from './sse-harness';

jest.setTimeout(60_000);

/**
 * The poll is set to a minute here, so every delivery below comes from the in-process hook
 * or Postgres NOTIFY (the poll has its own test).
 */
describe('SSE: live workflow events on real Postgres, Redis and NATS', () => {
  let h: SseHarness;
  const opened: SseClient[] = [];

  beforeEach(async () => {
    h = await sseHarness('sse', { heartbeatMs: 300, pollMs: 60_000 });
  });
  afterEach(async () => {
    for (const c of opened.splice(0)) c.close();
    await h.close();
  });

  const open = async (path: string, key: string, headers: Record<string, string> = {}) => {
    const client = await SseClient.open(`${h.base}${path}`, { authorization: `Bearer ${key}`, ...headers });
    opened.push(client);
    return client;
  };

  const createWorkflow = async (key = h.a.apiKey, options: Record<string, unknown> = { autoAnswer: true }) => {
    const res = await h.call('POST', '/v1/workflows', { key, body: { goal: 'Add CSV export', options } });
    expect(res.status).toBe(202);
    return res.body as { id: string };
  };

  const originOf = (tenantId: string, workflowId: string): EventOrigin => ({
    tenantId,
    workflowId,
    correlationId: workflowId,
    causationId: null,
  });

  const analyzed = (origin: EventOrigin, n: number) =>
    createEvent('goal.analyzed', origin, {
      restated: { goal: `goal ${n}`, scope: 's', context: 'c' },
      complexity: 'small',
      conflictRisk: { level: 'low', reasons: [] },
      questions: [{ id: 'Q1', text: 'Who?', whyItMatters: 'x', defaultAnswer: 'owner', choices: [] }],
      autoAnswer: false,
    });

  const failed = (origin: EventOrigin) =>
    createEvent('workflow.failed', origin, { phase: 'spec', reason: 'invalid_output', attempts: 5 });

  const rows = (where: { workflowId?: string; tenantId?: string }) =>
    h.ds.getRepository(WorkflowEventEntity).find({ where, order: { seq: 'ASC' } });

  const recorded = (eventId: string) =>
    waitFor(`event ${eventId} recorded`, () => h.ds.getRepository(WorkflowEventEntity).findOneBy({ eventId }));

  /** Publishes and waits until the gateway recorded it, so the recorded order is the publish order. */
  const publishInOrder = async (...events: EventEnvelope[]) => {
    for (const e of events) {
      await h.publisher.publish(e);
      await recorded(e.id);
    }
  };

  it('sends the workflow’s events in order, each with its seq as id and its type as event, plus heartbeats', async () => {
    const wf = await createWorkflow();
    const origin = originOf(h.a.tenantId, wf.id);
    const client = await open(`/v1/workflows/${wf.id}/events`, h.a.apiKey);
    expect(client.status).toBe(200);
    expect(client.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(client.headers.get('cache-control')).toBe('no-cache');
    expect(client.headers.get('x-accel-buffering')).toBe('no');

    const published = [analyzed(origin, 1), analyzed(origin, 2), analyzed(origin, 3)];
    await publishInOrder(...published);
    await client.waitForCount(4);
    const log = await rows({ workflowId: wf.id });
    expect(client.ids).toEqual(log.map((r) => r.seq));
    expect(client.messages.map((m) => m.event)).toEqual([
      'goal.submitted',
      'goal.analyzed',
      'goal.analyzed',
      'goal.analyzed',
    ]);
    expect(client.envelopes().map((e) => e.id)).toEqual(log.map((r) => r.eventId));
    expect(
      client
        .envelopes()
        .slice(1)
        .map((e) => e.id),
    ).toEqual(published.map((e) => e.id));
    expect(client.envelopes()[1]).toMatchObject({ type: 'goal.analyzed', tenantId: h.a.tenantId, workflowId: wf.id });
    await waitFor('a heartbeat', () => client.comments.includes('heartbeat'));
    expect(client.closed).toBe(false);
  });

  it('resumes after Last-Event-ID: every missed event once, then live ones, no duplicates at the hand-over', async () => {
    const wf = await createWorkflow();
    const origin = originOf(h.a.tenantId, wf.id);
    const first = await open(`/v1/workflows/${wf.id}/events`, h.a.apiKey);
    await publishInOrder(analyzed(origin, 1), analyzed(origin, 2));
    await first.waitForCount(3);
    const lastSeen = first.ids[2];
    first.close();

    // Missed while disconnected.
    await publishInOrder(analyzed(origin, 3), analyzed(origin, 4), analyzed(origin, 5));
    const resumed = await open(`/v1/workflows/${wf.id}/events`, h.a.apiKey, { 'last-event-id': lastSeen });
    // Live, racing the replay: published at once, without waiting.
    const live = Array.from({ length: 10 }, (_, i) => analyzed(origin, 10 + i));
    await Promise.all(live.map((e) => h.publisher.publish(e)));
    await waitFor('all recorded', async () => (await rows({ workflowId: wf.id })).length === 16);
    await resumed.waitForCount(13);
    await sleep(300);
    const expected = (await rows({ workflowId: wf.id })).filter((r) => BigInt(r.seq) > BigInt(lastSeen));
    expect(resumed.ids).toEqual(expected.map((r) => r.seq));
    expect(new Set(resumed.ids).size).toBe(13);
    expect(new Set(resumed.envelopes().map((e) => e.id))).toEqual(new Set(expected.map((r) => r.eventId)));

    // ?lastEventId= does the same (EventSource cannot set headers on the first connect).
    const viaQuery = await open(`/v1/workflows/${wf.id}/events?lastEventId=${lastSeen}`, h.a.apiKey);
    await viaQuery.waitForCount(13);
    expect(viaQuery.ids).toEqual(resumed.ids);
  });

  it('the tenant stream carries all of its tenant’s workflows and none of another tenant’s; it resumes too', async () => {
    const streamA = await open('/v1/events', h.a.apiKey);
    const streamB = await open('/v1/events', h.b.apiKey);
    const a1 = await createWorkflow(h.a.apiKey);
    const a2 = await createWorkflow(h.a.apiKey);
    const b1 = await createWorkflow(h.b.apiKey);
    await Promise.all([
      h.publisher.publish(analyzed(originOf(h.a.tenantId, a1.id), 1)),
      h.publisher.publish(analyzed(originOf(h.a.tenantId, a2.id), 1)),
      h.publisher.publish(analyzed(originOf(h.b.tenantId, b1.id), 1)),
      h.publisher.publish(failed(originOf(h.a.tenantId, a1.id))),
    ]);
    await waitFor('all recorded', async () => (await rows({})).length === 7);
    // The tenant stream waits for the commit horizon, which a long transaction anywhere on the
    // server (other test files run beside this one) can hold back up to its 5 s bound.
    await streamA.waitForCount(5, 30_000);
    await streamB.waitForCount(2, 30_000);
    await sleep(300);
    const logA = await rows({ tenantId: h.a.tenantId });
    expect(streamA.ids).toEqual(logA.map((r) => r.seq));
    expect(new Set(streamA.envelopes().map((e) => e.workflowId))).toEqual(new Set([a1.id, a2.id]));
    expect(streamA.envelopes().every((e) => e.tenantId === h.a.tenantId)).toBe(true);
    expect(streamB.envelopes().map((e) => e.workflowId)).toEqual([b1.id, b1.id]);
    // A terminal event does not end the tenant stream.
    expect(streamA.closed).toBe(false);

    const resumed = await open('/v1/events', h.a.apiKey, { 'last-event-id': logA[1].seq });
    await resumed.waitForCount(3, 30_000);
    expect(resumed.ids).toEqual(logA.slice(2).map((r) => r.seq));
  });

  it('the tenant stream holds a row back while a lower seq is uncommitted, then sends both in seq order', async () => {
    const wf1 = await createWorkflow();
    const wf2 = await createWorkflow();
    await waitFor('both goal.submitted recorded', async () => (await rows({})).length === 2);
    const stream = await open('/v1/events', h.a.apiKey);
    await sleep(200);
    const slow = new Client({ connectionString: h.iso.databaseUrl });
    const fast = new Client({ connectionString: h.iso.databaseUrl });
    await Promise.all([slow.connect(), fast.connect()]);
    const insert = async (db: Client, workflowId: string) => {
      const event = analyzed(originOf(h.a.tenantId, workflowId), 1);
      const { rows: inserted } = await db.query(
        `INSERT INTO gateway.workflow_event (event_id, tenant_id, workflow_id, type, envelope)
         VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING seq::text`,
        [event.id, h.a.tenantId, workflowId, event.type, JSON.stringify(event)],
      );
      const seq = inserted[0].seq as string;
      await db.query('SELECT pg_notify($1, $2)', ['fg_workflow_events', `${h.a.tenantId}:${workflowId}:${seq}`]);
      return seq;
    };
    try {
      // Like the projection: the transaction has its xid (inbox row) before it takes a seq.
      await slow.query('BEGIN');
      await slow.query('SELECT pg_current_xact_id()');
      const lower = await insert(slow, wf1.id);
      const higher = await insert(fast, wf2.id); // committed at once
      expect(BigInt(higher)).toBeGreaterThan(BigInt(lower));
      await sleep(600);
      expect(stream.messages).toEqual([]);
      await slow.query('COMMIT');
      await stream.waitForCount(2, 30_000);
      await sleep(200);
      expect(stream.ids).toEqual([lower, higher]);
    } finally {
      await Promise.all([slow.end(), fast.end()]);
    }
  });

  it('the tenant stream holds back a lower seq whose transaction has a newer xid than the committed higher one', async () => {
    // Seen under load: T1 gets its xid, T2 gets a newer xid and takes seq n, T1 takes n+1 and
    // commits. A snapshot's xmax (one past the latest *completed* xid) is then T1's xid + 1,
    // not above T2's, so a horizon built on it let n+1 out and n was never sent.
    const wf1 = await createWorkflow();
    const wf2 = await createWorkflow();
    await waitFor('both goal.submitted recorded', async () => (await rows({})).length === 2);
    const stream = await open('/v1/events', h.a.apiKey);
    await sleep(200);
    const older = new Client({ connectionString: h.iso.databaseUrl });
    const newer = new Client({ connectionString: h.iso.databaseUrl });
    await Promise.all([older.connect(), newer.connect()]);
    const insert = async (db: Client, workflowId: string) => {
      const event = analyzed(originOf(h.a.tenantId, workflowId), 2);
      const { rows: inserted } = await db.query(
        `INSERT INTO gateway.workflow_event (event_id, tenant_id, workflow_id, type, envelope)
         VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING seq::text`,
        [event.id, h.a.tenantId, workflowId, event.type, JSON.stringify(event)],
      );
      await db.query('SELECT pg_notify($1, $2)', ['fg_workflow_events', `${h.a.tenantId}:${workflowId}`]);
      return inserted[0].seq as string;
    };
    try {
      await older.query('BEGIN');
      await newer.query('BEGIN');
      const olderXid = BigInt((await older.query('SELECT pg_current_xact_id()::text AS x')).rows[0].x);
      const newerXid = BigInt((await newer.query('SELECT pg_current_xact_id()::text AS x')).rows[0].x);
      expect(newerXid).toBeGreaterThan(olderXid);
      const lower = await insert(newer, wf1.id);
      const higher = await insert(older, wf2.id);
      await older.query('COMMIT');
      await sleep(800);
      expect(stream.messages).toEqual([]);
      await newer.query('COMMIT');
      await stream.waitForCount(2, 30_000);
      await sleep(200);
      expect(stream.ids).toEqual([lower, higher]);
    } finally {
      await Promise.all([older.end(), newer.end()]);
    }
  });

  it('refuses another tenant’s workflow with 404, a malformed id or Last-Event-ID with 400, no key with 401', async () => {
    const wf = await createWorkflow(h.a.apiKey);
    const other = await open(`/v1/workflows/${wf.id}/events`, h.b.apiKey);
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await open(`/v1/workflows/${randomUUID()}/events`, h.a.apiKey)).status).toBe(404);
    const bad = await h.call('GET', '/v1/workflows/not-a-uuid/events', { key: h.a.apiKey });
    expect(bad.status).toBe(400);
    expect(bad.type).toMatch(/^application\/problem\+json/);
    const badId = await open(`/v1/workflows/${wf.id}/events`, h.a.apiKey, { 'last-event-id': 'abc' });
    expect(badId.status).toBe(400);
    expect((await open('/v1/events?lastEventId=-1', h.a.apiKey)).status).toBe(400);
    expect((await SseClient.open(`${h.base}/v1/events`)).status).toBe(401);
  });

  it('ends the workflow stream after its terminal event unless ?follow=true; a resume after the end ends at once', async () => {
    const wf = await createWorkflow();
    const origin = originOf(h.a.tenantId, wf.id);
    const client = await open(`/v1/workflows/${wf.id}/events`, h.a.apiKey);
    const following = await open(`/v1/workflows/${wf.id}/events?follow=true`, h.a.apiKey);
    await publishInOrder(analyzed(origin, 1), failed(origin));
    await client.waitForEnd();
    expect(client.endedByServer).toBe(true);
    expect(client.messages.map((m) => m.event)).toEqual(['goal.submitted', 'goal.analyzed', 'workflow.failed']);

    await following.waitForCount(3);
    await publishInOrder(analyzed(origin, 2)); // a late event after the end
    await following.waitForCount(4);
    expect(following.closed).toBe(false);

    // A new client replays up to the terminal event and ends; one resuming after it ends at once.
    const replay = await open(`/v1/workflows/${wf.id}/events`, h.a.apiKey);
    await replay.waitForEnd();
    expect(replay.messages.map((m) => m.event)).toEqual(['goal.submitted', 'goal.analyzed', 'workflow.failed']);
    const afterEnd = await open(`/v1/workflows/${wf.id}/events`, h.a.apiKey, { 'last-event-id': following.ids[3] });
    await afterEnd.waitForEnd();
    expect(afterEnd.messages).toEqual([]);
  });

  it('wakes on a NOTIFY from another replica, sent only on commit, and survives a lost LISTEN connection', async () => {
    const wf = await createWorkflow();
    const client = await open(`/v1/workflows/${wf.id}/events`, h.a.apiKey);
    await client.waitForCount(1);
    // Another replica: its own connection records an event and notifies in one transaction.
    const other = new Client({ connectionString: h.iso.databaseUrl });
    await other.connect();
    const otherReplicaRecords = async (commitAfterMs = 0) => {
      const event = analyzed(originOf(h.a.tenantId, wf.id), 1);
      await other.query('BEGIN');
      const { rows: inserted } = await other.query(
        `INSERT INTO gateway.workflow_event (event_id, tenant_id, workflow_id, type, envelope)
         VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING seq::text`,
        [event.id, h.a.tenantId, wf.id, event.type, JSON.stringify(event)],
      );
      await other.query('SELECT pg_notify($1, $2)', [
        'fg_workflow_events',
        `${h.a.tenantId}:${wf.id}:${inserted[0].seq}`,
      ]);
      await sleep(commitAfterMs);
      await other.query('COMMIT');
      return inserted[0].seq as string;
    };
    try {
      const seq1 = await otherReplicaRecords(300);
      await client.waitForCount(2);
      expect(client.ids[1]).toBe(seq1);

      // Kill the LISTEN connection; the listener reconnects and the stream still wakes.
      const listenerPid = async () => {
        const { rows: found } = await other.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '%-sse'`,
        );
        return found.length === 1 ? (found[0].pid as number) : undefined;
      };
      const before = await listenerPid();
      expect(before).toEqual(expect.any(Number)); // exactly one LISTEN connection
      await other.query('SELECT pg_terminate_backend($1)', [before]);
      await waitFor('LISTEN re-established', async () => {
        const pid = await listenerPid();
        return pid !== undefined && pid !== before;
      });
      await sleep(200);
      const seq2 = await otherReplicaRecords();
      await client.waitForCount(3);
      expect(client.ids[2]).toBe(seq2);
    } finally {
      await other.end();
    }
  });

  it('ends every stream on shutdown, so the app closes promptly', async () => {
    const wf = await createWorkflow();
    const clients = [await open(`/v1/workflows/${wf.id}/events`, h.a.apiKey), await open('/v1/events', h.a.apiKey)];
    await clients[0].waitForCount(1);
    const started = Date.now();
    await h.closeApp();
    expect(Date.now() - started).toBeLessThan(5_000);
    for (const c of clients) {
      await c.waitForEnd(2_000);
      expect(c.endedByServer).toBe(true);
    }
  });
});

describe('SSE safety-net poll', () => {
  it('delivers a row that no notification announced', async () => {
    const h = await sseHarness('ssepoll', { pollMs: 200 });
    try {
      const res = await h.call('POST', '/v1/workflows', { key: h.a.apiKey, body: { goal: 'g', options: {} } });
      const wf = res.body as { id: string };
      const client = await SseClient.open(`${h.base}/v1/workflows/${wf.id}/events`, {
        authorization: `Bearer ${h.a.apiKey}`,
      });
      await client.waitForCount(1);
      const event = createEvent(
        'workflow.cancelled',
        { tenantId: h.a.tenantId, workflowId: wf.id, correlationId: wf.id, causationId: null },
        { reason: 'x' },
      );
      await h.ds.query(
        `INSERT INTO gateway.workflow_event (event_id, tenant_id, workflow_id, type, envelope) VALUES ($1, $2, $3, $4, $5::jsonb)`,
        [event.id, h.a.tenantId, wf.id, event.type, JSON.stringify(event)],
      );
      await client.waitForCount(2, 3_000);
      expect(client.messages[1].event).toBe('workflow.cancelled');
      await client.waitForEnd();
    } finally {
      await h.close();
    }
  });
});
