import { WorkflowListResponse, WorkflowResponse, type EventData } from '@flowguard/contracts';
import { createEvent } from '@flowguard/messaging';
import { sleep, waitFor } from '@flowguard/testing';
import { WorkflowEntity } from '../src/workflows/workflow.entity';
import { gatewayHarness } from './gateway-harness';

jest.setTimeout(60_000);

describe('gateway workflow API on real Postgres, Redis and NATS', () => {
  let h: Awaited<ReturnType<typeof gatewayHarness>>;

  beforeEach(async () => {
    h = await gatewayHarness('gateway');
  });
  afterEach(async () => {
    await h.close();
  });

  const create = (
    key = h.a.apiKey,
    body: unknown = { goal: 'Add CSV export to the reports page', options: { autoAnswer: true } },
    headers = {},
  ) => h.call('POST', '/v1/workflows', { key, body, headers });

  it('creates a workflow: 202, stored, goal.submitted published through the outbox', async () => {
    const res = await create();
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/v1/workflows/${res.body.id}`);
    // The documented contract (OpenAPI's WorkflowResponse), with nothing undocumented beside it.
    expect(WorkflowResponse.strict().parse(res.body)).toEqual(res.body);
    expect(res.body).toMatchObject({
      status: 'submitted',
      phase: 'clarification',
      options: { autoAnswer: true, maxTickets: 40, priorityDistribution: 'balanced' },
    });
    const [submitted] = await waitFor('goal.submitted', async () => {
      const found = await h.probe.ofType('goal.submitted', res.body.id);
      return found.length ? found : undefined;
    });
    expect(submitted).toMatchObject({ tenantId: h.a.tenantId, correlationId: res.body.id });
    await waitFor(
      'projected',
      async () => (await h.call('GET', `/v1/workflows/${res.body.id}`, { key: h.a.apiKey })).body.progress === 5,
    );
  });

  it('Idempotency-Key: the same key returns the first workflow (200), one goal.submitted', async () => {
    const first = await create(h.a.apiKey, undefined, { 'idempotency-key': 'k-1' });
    const again = await create(h.a.apiKey, undefined, { 'idempotency-key': 'k-1' });
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    // Another tenant's identical key is its own.
    const other = await create(h.b.apiKey, undefined, { 'idempotency-key': 'k-1' });
    expect(other.body.id).not.toBe(first.body.id);
    await sleep(500);
    expect(await h.probe.ofType('goal.submitted', first.body.id)).toHaveLength(1);
  });

  it('projects the events in order, out of order and redelivered, into status, progress, questions and artifacts', async () => {
    const { body: wf } = await create(h.a.apiKey, { goal: 'Team billing', options: { autoAnswer: false } });
    const origin = { tenantId: h.a.tenantId, workflowId: wf.id, correlationId: wf.id, causationId: null };
    const analyzed = createEvent('goal.analyzed', origin, {
      restated: { goal: 'g', scope: 's', context: 'c' },
      complexity: 'large',
      conflictRisk: { level: 'low', reasons: [] },
      questions: [
        { id: 'Q1', text: 'Who pays?', whyItMatters: 'billing owner', defaultAnswer: 'the owner', choices: [] },
      ],
      autoAnswer: false,
    });
    const failed = createEvent('workflow.failed', origin, {
      phase: 'spec',
      reason: 'invalid_output: FR-001 twice',
      attempts: 5,
    });
    // A later event first, then the earlier one, then a redelivery of the first.
    await h.publisher.publish(analyzed);
    await waitFor(
      'awaiting answers',
      async () =>
        (await h.call('GET', `/v1/workflows/${wf.id}`, { key: h.a.apiKey })).body.status === 'awaiting_answers',
    );
    const view = (await h.call('GET', `/v1/workflows/${wf.id}`, { key: h.a.apiKey })).body;
    expect(view).toMatchObject({ progress: 20, complexity: 'large', questions: [{ id: 'Q1' }] });

    await h.publisher.publish(failed);
    await h.publisher.publish({ ...failed, id: failed.id }); // server-deduped
    await waitFor(
      'failed',
      async () => (await h.call('GET', `/v1/workflows/${wf.id}`, { key: h.a.apiKey })).body.status === 'failed',
    );
    // A late success cannot resurrect a failed workflow.
    await h.publisher.publish(
      createEvent('goal.clarified', origin, {
        goal: 'Team billing',
        options: wf.options,
        restated: { goal: 'g', scope: 's', context: 'c' },
        complexity: 'large',
        answers: [],
        assumptions: [],
      }),
    );
    await sleep(800);
    const final = (await h.call('GET', `/v1/workflows/${wf.id}`, { key: h.a.apiKey })).body;
    expect(final.status).toBe('failed');
    expect(final.errors).toEqual([
      expect.objectContaining({ phase: 'spec', reason: 'invalid_output: FR-001 twice', attempts: 5 }),
    ]);
  });

  it('answers and cancel emit their events; answers to unknown questions are refused naming the field', async () => {
    const { body: wf } = await create(h.a.apiKey, { goal: 'Team billing', options: { autoAnswer: false } });
    const origin = { tenantId: h.a.tenantId, workflowId: wf.id, correlationId: wf.id, causationId: null };
    await h.publisher.publish(
      createEvent('goal.analyzed', origin, {
        restated: { goal: 'g', scope: 's', context: 'c' },
        complexity: 'medium',
        conflictRisk: { level: 'low', reasons: [] },
        questions: [{ id: 'Q1', text: 'Who pays?', whyItMatters: 'x', defaultAnswer: 'owner', choices: [] }],
        autoAnswer: false,
      }),
    );
    await waitFor(
      'awaiting',
      async () =>
        (await h.call('GET', `/v1/workflows/${wf.id}`, { key: h.a.apiKey })).body.status === 'awaiting_answers',
    );
    const bad = await h.call('POST', `/v1/workflows/${wf.id}/answers`, {
      key: h.a.apiKey,
      body: { answers: [{ questionId: 'Q9', answer: 'x' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'answers.0.questionId', message: 'unknown question Q9' }]);
    const ok = await h.call('POST', `/v1/workflows/${wf.id}/answers`, {
      key: h.a.apiKey,
      body: { answers: [{ questionId: 'Q1', answer: 'finance' }] },
    });
    expect(ok.status).toBe(202);
    const [answers] = await waitFor('answers.submitted', async () => {
      const found = await h.probe.ofType('answers.submitted', wf.id);
      return found.length ? found : undefined;
    });
    expect((answers.data as EventData<'answers.submitted'>).answers).toEqual([{ questionId: 'Q1', answer: 'finance' }]);

    const cancel = await h.call('POST', `/v1/workflows/${wf.id}/cancel`, {
      key: h.a.apiKey,
      body: { reason: 'scope changed' },
    });
    expect(cancel.status).toBe(202);
    await waitFor(
      'cancelled',
      async () => (await h.call('GET', `/v1/workflows/${wf.id}`, { key: h.a.apiKey })).body.status === 'cancelled',
    );
    expect((await h.call('POST', `/v1/workflows/${wf.id}/cancel`, { key: h.a.apiKey, body: {} })).status).toBe(409);
  });

  it('concurrent and repeated cancels of a running workflow publish one workflow.cancelled', async () => {
    const { body: wf } = await create();
    const cancels = await Promise.all(
      Array.from({ length: 8 }, () => h.call('POST', `/v1/workflows/${wf.id}/cancel`, { key: h.a.apiKey, body: {} })),
    );
    expect(cancels.map((r) => r.status)).toEqual(Array(8).fill(202));
    await waitFor('workflow.cancelled', async () => (await h.probe.ofType('workflow.cancelled', wf.id)).length > 0);
    await sleep(500);
    expect(await h.probe.ofType('workflow.cancelled', wf.id)).toHaveLength(1);
  });

  it('lists with cursor pagination and a status filter, newest first, tenant-scoped', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create(h.a.apiKey, { goal: `goal ${i}` })).body.id);
    await create(h.b.apiKey, { goal: 'not yours' });
    const page1 = await h.call('GET', '/v1/workflows?limit=2', { key: h.a.apiKey });
    const page2 = await h.call('GET', `/v1/workflows?limit=2&cursor=${page1.body.nextCursor}`, { key: h.a.apiKey });
    const page3 = await h.call('GET', `/v1/workflows?limit=2&cursor=${page2.body.nextCursor}`, { key: h.a.apiKey });
    const seen = [...page1.body.items, ...page2.body.items, ...page3.body.items].map((w: { id: string }) => w.id);
    expect(seen).toEqual([...ids].reverse());
    expect(WorkflowListResponse.strict().parse(page1.body)).toEqual(page1.body);
    expect(page3.body.nextCursor).toBeNull();
    const filtered = await h.call('GET', '/v1/workflows?status=cancelled', { key: h.a.apiKey });
    expect(filtered.body.items).toEqual([]);
  });

  it('BOLA: tenant B gets 404 for tenant A’s workflow on every route that takes an id', async () => {
    const { body: wf } = await create();
    for (const [method, path, body] of [
      ['GET', `/v1/workflows/${wf.id}`, undefined],
      ['POST', `/v1/workflows/${wf.id}/answers`, { answers: [{ questionId: 'Q1', answer: 'x' }] }],
      ['POST', `/v1/workflows/${wf.id}/cancel`, {}],
      ['POST', `/v1/workflows/${wf.id}/resume`, undefined],
    ] as const) {
      const res = await h.call(method, path, { key: h.b.apiKey, body });
      expect({ path, status: res.status, type: res.type }).toEqual({
        path,
        status: 404,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(JSON.stringify(res.body)).not.toContain(wf.goal);
    }
  });

  it('rejects bad input with problem+json naming the field, and writes nothing', async () => {
    const cases: [string, { body?: unknown; raw?: string }, string][] = [
      ['wrong type', { body: { goal: 42 } }, 'goal'],
      ['empty goal', { body: { goal: '   ' } }, 'goal'],
      ['unknown field', { body: { goal: 'x', colour: 'red' } }, 'colour'],
      ['unknown option', { body: { goal: 'x', options: { turbo: true } } }, 'options'],
      [
        'bad enum',
        { body: { goal: 'x', options: { priorityDistribution: 'random' } } },
        'options.priorityDistribution',
      ],
      ['out of range', { body: { goal: 'x', options: { maxTickets: 100000 } } }, 'options.maxTickets'],
      ['bad agent', { body: { goal: 'x', options: { agentType: 'copilot' } } }, 'options.agentType'],
      ['not JSON', { raw: '{"goal": ' }, '(body)'],
    ];
    for (const [name, input, field] of cases) {
      const res = await h.call('POST', '/v1/workflows', { key: h.a.apiKey, ...input });
      expect({ name, status: res.status, type: res.type }).toEqual({
        name,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect({ name, fields: (res.body.errors ?? [res.body]).map((e: { field: string }) => e.field) }).toEqual({
        name,
        fields: expect.arrayContaining([expect.stringContaining(field)]),
      });
    }
    const huge = await h.call('POST', '/v1/workflows', { key: h.a.apiKey, body: { goal: 'x'.repeat(400_000) } });
    expect(huge.status).toBe(413);
    const badId = await h.call('GET', '/v1/workflows/not-a-uuid', { key: h.a.apiKey });
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0]).toMatchObject({ message: 'must be a UUID' });
    const badCursor = await h.call('GET', '/v1/workflows?cursor=zzz', { key: h.a.apiKey });
    expect(badCursor.status).toBe(400);
    expect(await h.ds.manager.count(WorkflowEntity)).toBe(0);
  });

  it('refuses missing, malformed and wrong API keys with 401 problem+json', async () => {
    expect((await h.call('GET', '/v1/workflows')).status).toBe(401);
    expect((await h.call('GET', '/v1/workflows', { key: 'nope' })).status).toBe(401);
    const forged = h.a.apiKey.slice(0, -4) + 'AAAA';
    const res = await h.call('GET', '/v1/workflows', { key: forged });
    expect(res.status).toBe(401);
    expect(res.type).toContain('application/problem+json');
    expect((await h.call('GET', '/v1/workflows', { headers: { 'x-api-key': h.a.apiKey } })).status).toBe(200);
  });
});
