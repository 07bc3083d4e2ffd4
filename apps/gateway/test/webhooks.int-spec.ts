import { randomUUID } from 'node:crypto';
import { createEvent } from '@flowguard/messaging';
import { sleep, waitFor } from '@flowguard/testing';
import { Webhook } from 'standardwebhooks';
import { WebhookDeliveryEntity } from '../src/webhooks/webhook.entity';
import { WorkflowEventEntity } from '../src/workflows/workflow.entity';
import { webhookHarness, type Receiver } from './webhook-harness';

jest.setTimeout(60_000);

type Harness = Awaited<ReturnType<typeof webhookHarness>>;

describe('signed webhooks on real Postgres, Redis and NATS', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await webhookHarness('webhooks');
  });
  afterEach(async () => {
    await h.close();
  });

  const subscribe = async (receiver: Receiver, events: string[] = ['*'], key = h.a.apiKey) => {
    const res = await h.call('POST', '/v1/webhooks', { key, body: { url: receiver.url, events } });
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string };
  };
  const createWorkflow = async (key = h.a.apiKey) => {
    const res = await h.call('POST', '/v1/workflows', {
      key,
      body: { goal: 'Add CSV export to the reports page', options: { autoAnswer: false } },
    });
    expect(res.status).toBe(202);
    return res.body as { id: string };
  };
  const deliveries = async (subscriptionId: string, key = h.a.apiKey) => {
    const res = await h.call('GET', `/v1/webhooks/${subscriptionId}/deliveries`, { key });
    expect(res.status).toBe(200);
    return res.body.items as {
      id: string;
      webhookId: string;
      eventId: string;
      eventType: string;
      status: string;
      redeliveries: number;
      attempts: { run: number; at: string; statusCode: number | null; error: string | null }[];
    }[];
  };
  const analyzed = (tenantId: string, workflowId: string) =>
    createEvent(
      'goal.analyzed',
      { tenantId, workflowId, correlationId: workflowId, causationId: null },
      {
        restated: { goal: 'g', scope: 's', context: 'c' },
        complexity: 'small',
        conflictRisk: { level: 'low', reasons: [] },
        questions: [{ id: 'Q1', text: 'Who?', whyItMatters: 'x', defaultAnswer: 'me', choices: [] }],
        autoAnswer: false,
      },
    );

  it('(1) delivers a recorded event, signed so the official standardwebhooks library verifies it', async () => {
    const receiver = await h.receiver();
    const other = await h.receiver();
    const created = await h.call('POST', '/v1/webhooks', {
      key: h.a.apiKey,
      body: { url: receiver.url, events: ['goal.submitted'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: receiver.url, events: ['goal.submitted'], enabled: true });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    // Shown once: reads never carry it.
    const read = await h.call('GET', `/v1/webhooks/${created.body.id}`, { key: h.a.apiKey });
    expect(read.body).toMatchObject({ id: created.body.id, enabled: true });
    expect(read.body.secret).toBeUndefined();
    expect((await h.call('GET', '/v1/webhooks', { key: h.a.apiKey })).body.items).toHaveLength(1);
    await subscribe(other, ['workflow.cancelled']); // filtered out: never called for goal.submitted

    const wf = await createWorkflow();
    const [request] = await waitFor('the webhook', () => (receiver.requests.length ? receiver.requests : undefined));
    const event = await h.ds.manager.findOneByOrFail(WorkflowEventEntity, {
      workflowId: wf.id,
      type: 'goal.submitted',
    });
    expect(request.headers).toMatchObject({
      'webhook-id': `msg_${event.eventId}`,
      'content-type': 'application/json',
    });
    expect(Math.abs(Number(request.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    const payload = new Webhook(created.body.secret).verify(request.body, request.headers);
    expect(payload).toMatchObject({
      id: event.eventId,
      type: 'goal.submitted',
      tenantId: h.a.tenantId,
      workflowId: wf.id,
      data: { goal: 'Add CSV export to the reports page' },
    });
    expect(Object.keys(JSON.parse(request.body))).toEqual([
      'id',
      'type',
      'version',
      'tenantId',
      'workflowId',
      'correlationId',
      'causationId',
      'occurredAt',
      'data',
    ]);
    // Another secret does not verify it.
    const { secret: otherSecret } = (
      await h.call('POST', '/v1/webhooks', {
        key: h.a.apiKey,
        body: { url: other.url, events: ['workflow.failed'] },
      })
    ).body;
    expect(() => new Webhook(otherSecret).verify(request.body, request.headers)).toThrow();

    const [delivery] = await waitFor('delivered', async () => {
      const items = await deliveries(created.body.id);
      return items[0]?.status === 'delivered' ? items : undefined;
    });
    expect(delivery).toMatchObject({ webhookId: `msg_${event.eventId}`, eventType: 'goal.submitted', redeliveries: 0 });
    expect(delivery.attempts).toEqual([expect.objectContaining({ run: 0, statusCode: 204, error: null })]);
    await sleep(300);
    expect(receiver.requests).toHaveLength(1);
    expect(other.requests).toHaveLength(0);
  });

  it('(2) retries failures on the compressed schedule: each webhook-id delivered successfully once', async () => {
    const receiver = await h.receiver((_req, seen) => ({ status: seen < 2 ? 500 : 200 }));
    const sub = await subscribe(receiver);
    const wf = await createWorkflow();
    await waitFor('goal.submitted recorded', () => h.ds.manager.countBy(WorkflowEventEntity, { workflowId: wf.id }));
    await h.publisher.publish(analyzed(h.a.tenantId, wf.id));

    const items = await waitFor('both delivered', async () => {
      const found = await deliveries(sub.id);
      return found.length === 2 && found.every((d) => d.status === 'delivered') ? found : undefined;
    });
    await sleep(500); // nothing more arrives
    for (const delivery of items) {
      const requests = receiver.forId(delivery.webhookId);
      expect(requests.map((r) => r.status)).toEqual([500, 500, 200]);
      expect(delivery.attempts.map((a) => a.statusCode)).toEqual([500, 500, 200]);
      expect(delivery.attempts[0].error).toBe('HTTP 500');
      // Schedule "50,100,200" with ±20% jitter: at least 40 ms, then at least 80 ms apart.
      expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(40);
      expect(requests[2].at - requests[1].at).toBeGreaterThanOrEqual(80);
      expect(requests[2].at - requests[0].at).toBeLessThan(5_000);
      // Same webhook-id, each attempt signed afresh.
      for (const r of requests) expect(() => new Webhook(sub.secret).verify(r.body, r.headers)).not.toThrow();
    }
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size).toBe(2);
    expect(receiver.requests.filter((r) => r.status === 200)).toHaveLength(2);
  });

  it('(2b) gives up once the schedule is spent; Retry-After on 429 sets the next attempt', async () => {
    const failing = await h.receiver(() => ({ status: 500 }));
    const failingSub = await subscribe(failing, ['goal.submitted']);
    const limited = await h.receiver((_req, seen) =>
      seen === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 },
    );
    const limitedSub = await subscribe(limited, ['goal.submitted']);
    await createWorkflow();

    const [failed] = await waitFor('failed', async () => {
      const found = await deliveries(failingSub.id);
      return found[0]?.status === 'failed' ? found : undefined;
    });
    expect(failed.attempts).toHaveLength(4); // 1 + three scheduled retries
    expect(failing.requests).toHaveLength(4);

    const [done] = await waitFor('delivered after Retry-After', async () => {
      const found = await deliveries(limitedSub.id);
      return found[0]?.status === 'delivered' ? found : undefined;
    });
    expect(done.attempts.map((a) => a.statusCode)).toEqual([429, 200]);
    expect(limited.requests[1].at - limited.requests[0].at).toBeGreaterThanOrEqual(950);
  });

  it('(3) 410 Gone disables the subscription and stops delivery', async () => {
    const receiver = await h.receiver(() => ({ status: 410 }));
    const sub = await subscribe(receiver);
    const wf = await createWorkflow();
    const [delivery] = await waitFor('disabled', async () => {
      const found = await deliveries(sub.id);
      return found[0]?.status === 'disabled' ? found : undefined;
    });
    expect(delivery.attempts).toEqual([expect.objectContaining({ statusCode: 410 })]);
    const view = await h.call('GET', `/v1/webhooks/${sub.id}`, { key: h.a.apiKey });
    expect(view.body).toMatchObject({ enabled: false, disabledReason: 'the endpoint answered 410 Gone' });

    // Later events make no deliveries and no requests; redelivery waits for re-enabling.
    await h.publisher.publish(analyzed(h.a.tenantId, wf.id));
    await waitFor('goal.analyzed recorded', async () =>
      h.ds.manager.countBy(WorkflowEventEntity, { workflowId: wf.id, type: 'goal.analyzed' }),
    );
    await sleep(400);
    expect(receiver.requests).toHaveLength(1);
    expect(await deliveries(sub.id)).toHaveLength(1);
    const refused = await h.call('POST', `/v1/webhooks/${sub.id}/deliveries/${delivery.id}/redeliver`, {
      key: h.a.apiKey,
    });
    expect(refused.status).toBe(409);

    const enabled = await h.call('PATCH', `/v1/webhooks/${sub.id}`, { key: h.a.apiKey, body: { enabled: true } });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null });
  });

  it('(5) another tenant gets 404 for the webhook, its deliveries and redelivery, and never its events', async () => {
    const receiver = await h.receiver();
    const sub = await subscribe(receiver);
    await createWorkflow();
    const [delivery] = await waitFor('delivered', async () => {
      const found = await deliveries(sub.id);
      return found[0]?.status === 'delivered' ? found : undefined;
    });
    const asB = (method: string, path: string, body?: unknown) => h.call(method, path, { key: h.b.apiKey, body });
    for (const res of [
      await asB('GET', `/v1/webhooks/${sub.id}`),
      await asB('PATCH', `/v1/webhooks/${sub.id}`, { enabled: false }),
      await asB('GET', `/v1/webhooks/${sub.id}/deliveries`),
      await asB('POST', `/v1/webhooks/${sub.id}/deliveries/${delivery.id}/redeliver`),
      await asB('DELETE', `/v1/webhooks/${sub.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.type).toContain('application/problem+json');
    }
    expect((await asB('GET', '/v1/webhooks')).body.items).toEqual([]);
    // B's own webhook cannot reach A's delivery through its id either.
    const bReceiver = await h.receiver();
    const bSub = await subscribe(bReceiver, ['*'], h.b.apiKey);
    expect((await asB('POST', `/v1/webhooks/${bSub.id}/deliveries/${delivery.id}/redeliver`)).status).toBe(404);
    // B's workflow goes to B's endpoint only.
    await createWorkflow(h.b.apiKey);
    await waitFor('B delivered', () => bReceiver.requests.length === 1);
    await sleep(300);
    expect(receiver.requests).toHaveLength(1);
    expect(JSON.parse(bReceiver.requests[0].body).tenantId).toBe(h.b.tenantId);
    // Still A's, untouched; without a key nothing at all.
    expect((await h.call('GET', `/v1/webhooks/${sub.id}`, { key: h.a.apiKey })).body.enabled).toBe(true);
    expect((await h.call('GET', '/v1/webhooks')).status).toBe(401);
  });

  it('(6) redelivers the same webhook-id as a new attempt, newest first in the log', async () => {
    const receiver = await h.receiver();
    const sub = await subscribe(receiver);
    const wf = await createWorkflow();
    await waitFor('first', () => receiver.requests.length === 1);
    await h.publisher.publish(analyzed(h.a.tenantId, wf.id));
    const items = await waitFor('both delivered', async () => {
      const found = await deliveries(sub.id);
      return found.length === 2 && found.every((d) => d.status === 'delivered') ? found : undefined;
    });
    expect(items.map((d) => d.eventType)).toEqual(['goal.analyzed', 'goal.submitted']);
    const first = items[1];

    const res = await h.call('POST', `/v1/webhooks/${sub.id}/deliveries/${first.id}/redeliver`, { key: h.a.apiKey });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: first.id, status: 'pending', redeliveries: 1 });
    await waitFor('redelivered', () => receiver.forId(first.webhookId).length === 2);
    const [original, again] = receiver.forId(first.webhookId);
    expect(again.body).toBe(original.body);
    expect(new Webhook(sub.secret).verify(again.body, again.headers)).toMatchObject({ id: first.eventId });
    const after = await waitFor('logged', async () => {
      const found = (await deliveries(sub.id)).find((d) => d.id === first.id);
      return found?.status === 'delivered' && found.attempts.length === 2 ? found : undefined;
    });
    expect(after.attempts.map((a) => [a.run, a.statusCode])).toEqual([
      [0, 204],
      [1, 204],
    ]);
    expect(receiver.requests).toHaveLength(3);

    // Paging the log, newest first.
    const page1 = await h.call('GET', `/v1/webhooks/${sub.id}/deliveries?limit=1`, { key: h.a.apiKey });
    expect(page1.body.items.map((d: { eventType: string }) => d.eventType)).toEqual(['goal.analyzed']);
    const page2 = await h.call('GET', `/v1/webhooks/${sub.id}/deliveries?limit=1&cursor=${page1.body.nextCursor}`, {
      key: h.a.apiKey,
    });
    expect(page2.body).toMatchObject({ items: [{ eventType: 'goal.submitted' }], nextCursor: null });
  });

  it('the sweeper enqueues a pending delivery whose job never made it (crash after commit)', async () => {
    const receiver = await h.receiver();
    const wf = await createWorkflow();
    const event = await waitFor('recorded', () =>
      h.ds.manager.findOneBy(WorkflowEventEntity, { workflowId: wf.id, type: 'goal.submitted' }),
    );
    // Subscribed after the event: no delivery was made; write one as a crashed writer would have.
    const sub = await subscribe(receiver);
    await h.ds.manager.insert(WebhookDeliveryEntity, {
      id: randomUUID(),
      tenantId: h.a.tenantId,
      subscriptionId: sub.id,
      eventId: event.eventId,
      eventType: event.type,
      workflowId: wf.id,
      status: 'pending',
      attempts: [],
      run: 0,
      nextAttemptAt: new Date(Date.now() - 1_000),
      deliveredAt: null,
    });
    await waitFor('swept and delivered', () => receiver.requests.length === 1, { timeoutMs: 10_000 });
    expect(receiver.requests[0].headers['webhook-id']).toBe(`msg_${event.eventId}`);
    await waitFor('delivered', async () => (await deliveries(sub.id))[0]?.status === 'delivered');
  });

  it('updates and deletes subscriptions; bad input is a 400 naming the fields', async () => {
    const receiver = await h.receiver();
    const sub = await subscribe(receiver, ['goal.submitted']);
    const patched = await h.call('PATCH', `/v1/webhooks/${sub.id}`, {
      key: h.a.apiKey,
      body: { events: ['goal.analyzed', 'workflow.failed'], enabled: false },
    });
    expect(patched.body).toMatchObject({ events: ['goal.analyzed', 'workflow.failed'], enabled: false });
    const bad = await h.call('POST', '/v1/webhooks', {
      key: h.a.apiKey,
      body: { url: 'not a url', events: ['goal.eaten'], extra: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.type).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['events.0', 'extra', 'url']);
    expect((await h.call('GET', '/v1/webhooks/nope', { key: h.a.apiKey })).body.errors).toEqual([
      { field: '(root)', message: 'must be a UUID' },
    ]);
    expect((await h.call('DELETE', `/v1/webhooks/${sub.id}`, { key: h.a.apiKey })).status).toBe(204);
    expect((await h.call('GET', `/v1/webhooks/${sub.id}`, { key: h.a.apiKey })).status).toBe(404);
  });
});

describe('webhook URL policy at the API (private targets refused)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await webhookHarness('webhookpolicy', { WEBHOOK_ALLOW_PRIVATE: 'false' });
  });
  afterAll(async () => {
    await h.close();
  });

  it.each([
    ['http://10.0.0.1/hook', '10.0.0.1 is a private, loopback or link-local address'],
    ['http://127.0.0.1/x', '127.0.0.1 is a private, loopback or link-local address'],
    ['http://[::1]:8080/x', '::1 is a private, loopback or link-local address'],
    ['http://169.254.169.254/latest', '169.254.169.254 is a private, loopback or link-local address'],
    ['http://localhost:9/x', expect.stringMatching(/^localhost resolves to (127\.0\.0\.1|::1)/)],
  ])('(4) refuses %s at subscribe time with 400 naming url', async (url, message) => {
    const res = await h.call('POST', '/v1/webhooks', { key: h.a.apiKey, body: { url, events: ['*'] } });
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, errors: [{ field: 'url', message }] });
  });

  it('(4) refuses a private URL on update too, and nothing was stored', async () => {
    const ok = await h.call('POST', '/v1/webhooks', {
      key: h.a.apiKey,
      body: { url: 'https://93.184.215.14/hook', events: ['workflow.failed'], enabled: false },
    });
    expect(ok.status).toBe(201);
    const res = await h.call('PATCH', `/v1/webhooks/${ok.body.id}`, {
      key: h.a.apiKey,
      body: { url: 'http://192.168.1.10/hook' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'url', message: expect.stringContaining('192.168.1.10') }]);
    const list = await h.call('GET', '/v1/webhooks', { key: h.a.apiKey });
    expect(list.body.items.map((s: { url: string }) => s.url)).toEqual(['https://93.184.215.14/hook']);
  });
});
