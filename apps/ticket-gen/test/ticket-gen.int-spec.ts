import { randomUUID } from 'node:crypto';
import type { EventData, TicketsInput, TicketsOutput } from '@flowguard/contracts';
import { createEvent } from '@flowguard/messaging';
import { FakeOpenAiServer, sleep, waitFor } from '@flowguard/testing';
import { generateTicketsOffline } from '../src/generate-tickets/offline-tickets';
import { loadSpecFixture } from './fixtures/specs';
import { TicketGenHarness, originOf, specCreated } from './harness';

jest.setTimeout(60_000);

type Generated = EventData<'tickets.generated'>;

describe('ticket-gen service on real Postgres, Redis and NATS', () => {
  const h = new TicketGenHarness();
  beforeEach(() => h.setup());
  afterEach(() => h.teardown());

  const generated = async (workflowId: string): Promise<Generated> =>
    (await h.waitForEvents('tickets.generated', workflowId))[0].data as Generated;

  it('spec.created → ticket set v1 and its tickets stored → tickets.generated with a valid, traceable plan', async () => {
    await h.boot();
    const event = specCreated(loadSpecFixture('offline-notes'));
    await h.publisher.publish(event);
    const [out] = await h.waitForEvents('tickets.generated', event.workflowId);
    expect(out).toMatchObject({ causationId: event.id, correlationId: event.correlationId, tenantId: event.tenantId });
    const { ticketSet, validation } = out.data as Generated;
    const spec = event.data.spec;
    expect(ticketSet).toMatchObject({ specId: spec.id, version: 1, workflowId: event.workflowId });
    expect(ticketSet.generatedBy).toMatchObject({ provider: 'offline', promptId: 'tickets', promptVersion: 1 });
    expect(validation).toMatchObject({ valid: true, errors: 0 });
    for (const fr of spec.content.functionalRequirements) {
      expect(validation.traceability.find((t) => t.requirementId === fr.id)?.ticketKeys.length).toBeGreaterThan(0);
    }
    expect(ticketSet.tickets.every((t) => t.specRef === `spec:${spec.id}` && t.status === 'open')).toBe(true);

    const [set] = await h.rows('ticket_set', event.workflowId);
    expect(set).toMatchObject({ id: ticketSet.id, version: 1, provider: 'offline', tenant_id: event.tenantId });
    const tickets = await h.rows<{ key: string; status: string; markdown: string; tenant_id: string }>(
      'ticket',
      event.workflowId,
    );
    expect(tickets).toHaveLength(ticketSet.tickets.length);
    expect(tickets.every((t) => t.status === 'open' && t.tenant_id === event.tenantId)).toBe(true);
    expect(tickets.every((t) => t.markdown.startsWith('---\n') && t.markdown.includes(`# [${t.key}]`))).toBe(true);
    const ledger = await h.rows('token_usage', event.workflowId);
    expect(ledger).toMatchObject([{ purpose: 'tickets', provider: 'offline', outcome: 'succeeded' }]);
    // The planner's own time is recorded, so benchmarks can tell model time from orchestration.
    expect(ledger[0].latency_ms).toEqual(expect.any(Number));
  });

  it('the same spec.created delivered twice makes one set and one tickets.generated', async () => {
    await h.boot();
    const event = specCreated(loadSpecFixture('csv-export'), { complexity: 'small' });
    await h.publisher.publish(event);
    // A redelivery the server cannot dedupe: same event, new message id.
    await h.publisher.publish({ ...event, id: randomUUID() });
    await h.waitForEvents('tickets.generated', event.workflowId);
    await sleep(1_000);
    expect(await h.probe.ofType('tickets.generated', event.workflowId)).toHaveLength(1);
    expect(await h.rows('ticket_set', event.workflowId)).toHaveLength(1);
  });

  it('sizes the plan by the spec: one small FR gives at most 3 tasks; a large spec an epic with several issues', async () => {
    await h.boot();
    const csv = loadSpecFixture('csv-export');
    const small = specCreated(
      { ...csv, functionalRequirements: csv.functionalRequirements.slice(0, 1) },
      { complexity: 'small' },
    );
    const large = specCreated(loadSpecFixture('team-billing'), { complexity: 'large' });
    await h.publisher.publish(small);
    await h.publisher.publish(large);

    const s = await generated(small.workflowId);
    expect(s.ticketSet.tickets.filter((t) => t.level === 'task').length).toBeLessThanOrEqual(3);
    expect(s.validation.valid).toBe(true);

    const l = await generated(large.workflowId);
    const epics = l.ticketSet.tickets.filter((t) => t.level === 'epic');
    const issues = l.ticketSet.tickets.filter((t) => t.level === 'issue');
    expect(epics).toHaveLength(1);
    expect(issues.length).toBeGreaterThanOrEqual(2);
    expect(issues.every((i) => i.parentKey === epics[0].key)).toBe(true);
    const covered = new Set(l.ticketSet.tickets.filter((t) => t.level === 'task').flatMap((t) => t.covers));
    for (const fr of large.data.spec.content.functionalRequirements) expect(covered.has(fr.id)).toBe(true);
  });

  it('honours maxTickets and priorityDistribution (critical-first yields a P0, balanced none)', async () => {
    await h.boot();
    const spec = loadSpecFixture('team-billing');
    const capped = specCreated(spec, { complexity: 'large', options: { maxTickets: 8 } });
    const critical = specCreated(spec, { complexity: 'large', options: { priorityDistribution: 'critical-first' } });
    const balanced = specCreated(spec, { complexity: 'large', options: { priorityDistribution: 'balanced' } });
    for (const e of [capped, critical, balanced]) await h.publisher.publish(e);

    expect((await generated(capped.workflowId)).ticketSet.tickets.length).toBeLessThanOrEqual(8);
    expect((await generated(critical.workflowId)).ticketSet.tickets.some((t) => t.priority === 'P0')).toBe(true);
    expect((await generated(balanced.workflowId)).ticketSet.tickets.some((t) => t.priority === 'P0')).toBe(false);
  });

  it('on workflow.cancelled removes the ticket rows; a later spec.created does nothing', async () => {
    await h.boot();
    const event = specCreated(loadSpecFixture('csv-export'), { complexity: 'small' });
    await h.publisher.publish(event);
    await h.waitForEvents('tickets.generated', event.workflowId);
    await h.publisher.publish(createEvent('workflow.cancelled', originOf(event), { reason: 'changed our mind' }));
    await waitFor('ticket rows removed', async () => (await h.rows('ticket_set', event.workflowId)).length === 0);
    expect(await h.rows('ticket', event.workflowId)).toEqual([]);
    expect(await h.rows('ticket_request', event.workflowId)).toEqual([]);

    await h.publisher.publish({ ...event, id: randomUUID() });
    await sleep(1_500);
    expect(await h.rows('ticket_set', event.workflowId)).toEqual([]);
    expect(await h.rows('ticket_request', event.workflowId)).toEqual([]);
    expect(await h.probe.ofType('tickets.generated', event.workflowId)).toHaveLength(1);
  });

  it('the OpenAI path: a scripted plan is stored as provider openai; a plan with a cycle fails the workflow', async () => {
    const spec = loadSpecFixture('offline-notes');
    const ok = specCreated(spec);
    const cyclic = specCreated(spec);
    const planFor = (event: typeof ok): TicketsOutput => {
      const input: TicketsInput = {
        specId: event.data.spec.id,
        spec,
        complexity: event.data.complexity,
        maxTickets: event.data.options.maxTickets,
        priorityDistribution: event.data.options.priorityDistribution,
        keyPrefix: 'FG',
      };
      return generateTicketsOffline(input);
    };
    // Schema-valid, but two tasks wait for each other: only the validator can tell.
    const bad = planFor(cyclic);
    const [a, b] = bad.tickets.filter((t) => t.level === 'task');
    a.blockedBy = [...a.blockedBy, b.key];
    b.blockedBy = [...b.blockedBy, a.key];
    h.fake = new FakeOpenAiServer({
      script: (_purpose, _n, body) =>
        body.messages.some((m) => m.content.includes(cyclic.data.spec.id))
          ? { kind: 'ok', content: bad }
          : { kind: 'ok', content: planFor(ok) },
    });
    const baseURL = await h.fake.start();
    await h.boot({ OPENAI_API_KEY: 'test', OPENAI_BASE_URL: baseURL, OPENAI_MODEL: 'fake-model' });

    await h.publisher.publish(ok);
    const good = await generated(ok.workflowId);
    expect(good.ticketSet.generatedBy).toMatchObject({ provider: 'openai', model: 'fake-model' });
    expect(good.ticketSet.tickets.map((t) => t.key)).toEqual(planFor(ok).tickets.map((t) => t.key));
    expect(h.fake.requests[0].purpose).toBe('tickets');

    await h.publisher.publish(cyclic);
    // The invalid set and its failure commit together: the set is never seen without it.
    const [firstSeen] = await waitFor(
      'invalid set stored',
      async () => {
        const rows: { failed_phase: string | null }[] = await h.ds.query(
          `SELECT c.failed_phase FROM ticket_gen.ticket_set s
           LEFT JOIN ticket_gen.workflow_control c ON c.tenant_id = s.tenant_id AND c.workflow_id = s.workflow_id
           WHERE s.workflow_id = $1`,
          [cyclic.workflowId],
        );
        return rows.length ? rows : undefined;
      },
      { intervalMs: 2 },
    );
    expect(firstSeen.failed_phase).toBe('tickets');
    const [failed] = await h.waitForEvents('workflow.failed', cyclic.workflowId);
    expect(failed).toMatchObject({ causationId: cyclic.id, correlationId: cyclic.correlationId });
    expect(failed.data).toMatchObject({ phase: 'tickets', attempts: 1 });
    expect((failed.data as { reason: string }).reason).toMatch(/^plan validation failed: \d+ errors?: .*dag-cycle/);
    const [set] = await h.rows<{ provider: string; validation: { valid: boolean } }>('ticket_set', cyclic.workflowId);
    expect(set).toMatchObject({ provider: 'openai', validation: { valid: false } });
    expect((await h.rows('ticket', cyclic.workflowId)).length).toBe(bad.tickets.length);
    await sleep(500);
    expect(await h.probe.ofType('tickets.generated', cyclic.workflowId)).toEqual([]);
    expect(await h.probe.ofType('workflow.failed', cyclic.workflowId)).toHaveLength(1);
  });
});
