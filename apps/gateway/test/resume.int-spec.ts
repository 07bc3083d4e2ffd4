import { ResumeWorkflowResponse, type EventEnvelope, type WorkflowOptions } from '@flowguard/contracts';
import { waitFor } from '@flowguard/testing';
import { WorkflowEventEntity } from '../src/workflows/workflow.entity';
import { gatewayHarness } from './gateway-harness';
import { pipeline } from './pipeline-events';

jest.setTimeout(60_000);

describe('POST /v1/workflows/:id/resume on real Postgres, Redis and NATS', () => {
  let h: Awaited<ReturnType<typeof gatewayHarness>>;

  beforeEach(async () => {
    h = await gatewayHarness('resume');
  });
  afterEach(async () => {
    await h.close();
  });

  const create = async (options: Partial<WorkflowOptions> = { autoAnswer: true }, key = h.a.apiKey) => {
    const res = await h.call('POST', '/v1/workflows', { key, body: { goal: 'Add CSV export', options } });
    expect(res.status).toBe(202);
    const wf = res.body as { id: string; goal: string; options: WorkflowOptions };
    const tenantId = key === h.a.apiKey ? h.a.tenantId : h.b.tenantId;
    return { wf, events: pipeline({ tenantId, workflowId: wf.id, correlationId: wf.id, causationId: null }) };
  };
  const resume = (id: string, key = h.a.apiKey) => h.call('POST', `/v1/workflows/${id}/resume`, { key });
  const view = async (id: string) => (await h.call('GET', `/v1/workflows/${id}`, { key: h.a.apiKey })).body;
  /** Waits until the gateway's projection has recorded `count` events of `type`. */
  const recorded = (workflowId: string, type: string, count = 1) =>
    waitFor(`${count} × ${type} recorded`, async () =>
      (await h.ds.manager.countBy(WorkflowEventEntity, { workflowId, type })) >= count ? true : undefined,
    );
  const published = (type: string, workflowId: string, count: number) =>
    waitFor(`${count} × ${type} on the stream`, async () => {
      const found = await h.probe.ofType(type, workflowId);
      return found.length >= count ? found : undefined;
    });
  const publish = async (...events: EventEnvelope[]) => {
    for (const e of events) {
      await h.publisher.publish(e);
      await recorded(e.workflowId, e.type, 1);
    }
  };
  /** The copy: a new id, the original as causation, everything else (data, correlation) the same. */
  const expectCopy = (copy: EventEnvelope, original: EventEnvelope) =>
    expect(copy).toEqual({ ...original, id: copy.id, causationId: original.id, occurredAt: expect.any(String) });

  it('before any analysis: re-publishes the recorded goal.submitted through the outbox; again, causation stays the original', async () => {
    const { wf } = await create();
    await recorded(wf.id, 'goal.submitted');
    const [original] = await h.probe.ofType('goal.submitted', wf.id);

    const res = await resume(wf.id);
    expect(res.status).toBe(202);
    expect(ResumeWorkflowResponse.parse(res.body).resumed).toEqual({
      eventType: 'goal.submitted',
      eventId: expect.any(String),
      causationId: original.id,
    });
    const [, copy] = await published('goal.submitted', wf.id, 2);
    expect(copy.id).toBe(res.body.resumed.eventId);
    expect(copy.id).not.toBe(original.id);
    expectCopy(copy, original);

    // The copy is in the log now too; a second resume still names the original.
    await recorded(wf.id, 'goal.submitted', 2);
    const again = await resume(wf.id);
    expect(again.body.resumed.causationId).toBe(original.id);
    const all = await published('goal.submitted', wf.id, 3);
    expectCopy(all[2], original);
    expect((await view(wf.id)).status).toBe('submitted');
  });

  it('goal.submitted missing from the log: rebuilt from the workflow row (goal + options), causation null', async () => {
    const { wf } = await create({ autoAnswer: true, maxTickets: 12 });
    await recorded(wf.id, 'goal.submitted');
    await h.ds.manager.delete(WorkflowEventEntity, { workflowId: wf.id });
    const res = await resume(wf.id);
    expect(res.status).toBe(202);
    expect(res.body.resumed).toMatchObject({ eventType: 'goal.submitted', causationId: null });
    const [, rebuilt] = await published('goal.submitted', wf.id, 2);
    expect(rebuilt).toMatchObject({
      id: res.body.resumed.eventId,
      tenantId: h.a.tenantId,
      correlationId: wf.id,
      causationId: null,
      data: { goal: wf.goal, options: wf.options },
    });
  });

  it('awaiting answers: 409 naming the answers route; once answers are in, re-publishes answers.submitted', async () => {
    const { wf, events } = await create({ autoAnswer: false });
    await publish(events.analyzed({ questions: true, autoAnswer: false }));
    await waitFor('awaiting', async () => (await view(wf.id)).status === 'awaiting_answers');
    const waiting = await resume(wf.id);
    expect(waiting.status).toBe(409);
    expect(waiting.type).toContain('application/problem+json');
    expect(waiting.body.detail).toContain(`POST /v1/workflows/${wf.id}/answers`);

    const ok = await h.call('POST', `/v1/workflows/${wf.id}/answers`, {
      key: h.a.apiKey,
      body: { answers: [{ questionId: 'Q1', answer: 'finance' }] },
    });
    expect(ok.status).toBe(202);
    await recorded(wf.id, 'answers.submitted');
    const res = await resume(wf.id);
    expect(res.status).toBe(202);
    const [original, copy] = await published('answers.submitted', wf.id, 2);
    expect(res.body.resumed).toMatchObject({ eventType: 'answers.submitted', causationId: original.id });
    expectCopy(copy, original);
  });

  it('failed in the spec phase: re-publishes goal.clarified, the status goes back to clarified and later events project again', async () => {
    const { wf, events } = await create();
    const clarified = events.clarified(wf.goal, wf.options);
    await publish(events.analyzed({ questions: false, autoAnswer: true }), clarified, events.failed('spec'));
    await waitFor('failed', async () => (await view(wf.id)).status === 'failed');

    const res = await resume(wf.id);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: 'clarified',
      phase: 'spec',
      resumed: { eventType: 'goal.clarified', causationId: clarified.id },
      errors: [expect.objectContaining({ phase: 'spec', attempts: 5 })],
    });
    const [, copy] = await published('goal.clarified', wf.id, 2);
    expectCopy(copy, clarified);

    // spec-gen succeeds this time: the projection advances again.
    const spec = events.specCreated(wf.options);
    await publish(spec);
    await waitFor('spec ready', async () => (await view(wf.id)).status === 'spec_ready');
    // Stuck before tickets: the next resume re-publishes spec.created (no status change needed).
    const next = await resume(wf.id);
    expect(next.body).toMatchObject({
      status: 'spec_ready',
      resumed: { eventType: 'spec.created', causationId: spec.id },
    });
    expectCopy((await published('spec.created', wf.id, 2))[1], spec);
  });

  it('tickets with an agentType but no handoff: re-publishes tickets.generated; with the handoff (completed) 409', async () => {
    const { wf, events } = await create({ autoAnswer: true, agentType: 'cursor' });
    const tickets = events.ticketsGenerated();
    await publish(events.clarified(wf.goal, wf.options), events.specCreated(wf.options), tickets);
    await waitFor('tickets ready', async () => (await view(wf.id)).status === 'tickets_ready');
    const res = await resume(wf.id);
    expect(res.status).toBe(202);
    expect(res.body.resumed).toMatchObject({ eventType: 'tickets.generated', causationId: tickets.id });
    expectCopy((await published('tickets.generated', wf.id, 2))[1], tickets);

    await publish(events.handoffCreated());
    await waitFor('completed', async () => (await view(wf.id)).status === 'completed');
    const done = await resume(wf.id);
    expect(done.status).toBe(409);
    expect(done.body.detail).toContain('completed');
  });

  it('tickets without an agentType complete the workflow: 409; cancelled: 409; another tenant: 404; bad id: 400', async () => {
    const { wf, events } = await create({ autoAnswer: true });
    await publish(events.clarified(wf.goal, wf.options), events.specCreated(wf.options), events.ticketsGenerated());
    await waitFor('completed', async () => (await view(wf.id)).status === 'completed');
    expect((await resume(wf.id)).status).toBe(409);

    const { wf: other } = await create();
    expect((await h.call('POST', `/v1/workflows/${other.id}/cancel`, { key: h.a.apiKey, body: {} })).status).toBe(202);
    await waitFor('cancelled', async () => (await view(other.id)).status === 'cancelled');
    const cancelled = await resume(other.id);
    expect(cancelled.status).toBe(409);
    expect(cancelled.body.detail).toContain('cancelled');

    const foreign = await resume(other.id, h.b.apiKey);
    expect(foreign.status).toBe(404);
    expect(foreign.type).toContain('application/problem+json');
    expect((await resume('not-a-uuid')).status).toBe(400);
    expect((await h.call('POST', `/v1/workflows/${other.id}/resume`)).status).toBe(401);
  });
});
