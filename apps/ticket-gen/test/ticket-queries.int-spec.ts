import { randomUUID } from 'node:crypto';
import { QUEUES, type EventData, type TicketsInput } from '@flowguard/contracts';
import { QueryError } from '@flowguard/messaging';
import { QueueFactory } from '@flowguard/queue';
import { FakeOpenAiServer, waitFor } from '@flowguard/testing';
import { generateTicketsOffline } from '../src/generate-tickets/offline-tickets';
import {
  TemplateView,
  TemplatesListResult,
  TicketsRegenerateResult,
  TicketsTransitionResult,
  TicketsView,
} from '../src/ticket-queries/ticket-query.schemas';
import { loadSpecFixture } from './fixtures/specs';
import { TicketGenHarness, specCreated } from './harness';

jest.setTimeout(60_000);

describe('ticket-gen queries over NATS request/reply', () => {
  const h = new TicketGenHarness();
  beforeEach(() => h.setup());
  afterEach(() => h.teardown());

  /** A workflow with its version-1 tickets generated. */
  async function generatedWorkflow(tenantId = randomUUID()) {
    const event = specCreated(loadSpecFixture('team-billing'), { complexity: 'large', tenantId });
    await h.publisher.publish(event);
    await h.waitForEvents('tickets.generated', event.workflowId);
    return event;
  }

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a refusal');
      },
      (err: unknown) => {
        if (!(err instanceof QueryError)) throw err;
        return { code: err.code, message: err.message };
      },
    );

  it('tickets.regenerate stores version 2 from the stored spec, never a second version 1', async () => {
    await h.boot();
    const event = await generatedWorkflow();
    const ref = { tenantId: event.tenantId, workflowId: event.workflowId };
    const queued = await h.query('tickets.regenerate', ref, TicketsRegenerateResult);
    expect(queued).toEqual({
      workflowId: event.workflowId,
      version: 2,
      jobId: `${event.tenantId}:${event.workflowId}:tickets-v2`,
    });
    const [, second] = await h.waitForEvents('tickets.generated', event.workflowId, 2);
    const v2 = (second.data as EventData<'tickets.generated'>).ticketSet;
    expect(v2).toMatchObject({ version: 2, specId: event.data.spec.id });
    expect(second).toMatchObject({ causationId: event.id, correlationId: event.correlationId });

    const sets = await h.rows<{ version: number }>('ticket_set', event.workflowId);
    expect(sets.map((s) => s.version).sort()).toEqual([1, 2]);
    const latest = await h.query('tickets.get', ref, TicketsView);
    expect(latest.ticketSet).toMatchObject({ id: v2.id, version: 2 });
    expect((await h.query('tickets.get', { ...ref, version: 1 }, TicketsView)).ticketSet.version).toBe(1);

    const stranger = { tenantId: randomUUID(), workflowId: event.workflowId };
    expect(await refusal(h.query('tickets.regenerate', stranger, TicketsRegenerateResult))).toMatchObject({
      code: 'not_found',
    });
  });

  it('tickets.regenerate after the job of that version failed runs it again', async () => {
    const spec = loadSpecFixture('csv-export');
    const event = specCreated(spec, { complexity: 'small' });
    const input: TicketsInput = {
      specId: event.data.spec.id,
      spec,
      complexity: event.data.complexity,
      maxTickets: event.data.options.maxTickets,
      priorityDistribution: event.data.options.priorityDistribution,
      keyPrefix: 'FG',
    };
    // v1 ok, the first v2 refused (fatal: the job fails for good at once), the next v2 ok.
    h.fake = new FakeOpenAiServer({
      script: (_purpose, n) =>
        n === 1 ? { kind: 'status', status: 401 } : { kind: 'ok', content: generateTicketsOffline(input) },
    });
    const baseURL = await h.fake.start();
    await h.boot({ OPENAI_API_KEY: 'test', OPENAI_BASE_URL: baseURL, OPENAI_MODEL: 'fake-model' });
    await h.publisher.publish(event);
    await h.waitForEvents('tickets.generated', event.workflowId);
    const ref = { tenantId: event.tenantId, workflowId: event.workflowId };

    const first = await h.query('tickets.regenerate', ref, TicketsRegenerateResult);
    expect(first.version).toBe(2);
    const queue = h.app!.get(QueueFactory).queue(QUEUES.tickets);
    await waitFor('v2 job failed', async () => (await (await queue.getJob(first.jobId))?.getState()) === 'failed');

    // Same version again (nothing was stored), and this time it runs.
    const again = await h.query('tickets.regenerate', ref, TicketsRegenerateResult);
    expect(again).toEqual(first);
    const [, second] = await h.waitForEvents('tickets.generated', event.workflowId, 2);
    expect((second.data as EventData<'tickets.generated'>).ticketSet.version).toBe(2);
    expect(h.fake.requests.map((r) => r.reply)).toEqual(['ok', 'status-401', 'ok']);
  });

  it('tickets.get answers the set, its report, tree and progress; another tenant gets not_found', async () => {
    await h.boot();
    const event = await generatedWorkflow();
    const view = await h.query('tickets.get', { tenantId: event.tenantId, workflowId: event.workflowId }, TicketsView);
    const epic = view.ticketSet.tickets[0];
    expect(epic.level).toBe('epic');
    expect(view.validation.valid).toBe(true);
    expect(view.tree.split('\n')[0]).toContain(`${epic.key} [`);
    expect(view.progress[epic.key]).toBe(0);

    const intruder = { tenantId: randomUUID(), workflowId: event.workflowId };
    expect(await refusal(h.query('tickets.get', intruder, TicketsView))).toMatchObject({ code: 'not_found' });
    expect(await refusal(h.query('tickets.get', { tenantId: 'nope' }, TicketsView))).toMatchObject({
      code: 'invalid_request',
    });
  });

  it('tickets.transition moves a ticket, refuses a blocked start and another tenant, and rolls progress up', async () => {
    await h.boot();
    const event = await generatedWorkflow();
    const ref = { tenantId: event.tenantId, workflowId: event.workflowId };
    const { ticketSet } = await h.query('tickets.get', ref, TicketsView);
    const tasks = ticketSet.tickets.filter((t) => t.level === 'task');
    const free = tasks.find((t) => t.blockedBy.length === 0)!;
    const waiting = tasks.find((t) => t.blockedBy.length > 0)!;
    const epicKey = ticketSet.tickets[0].key;

    const moved = await h.query(
      'tickets.transition',
      { ...ref, key: free.key, to: 'in_progress' },
      TicketsTransitionResult,
    );
    expect(moved.ticket).toMatchObject({ key: free.key, status: 'in_progress' });
    expect(moved.changed).toEqual([{ key: free.key, from: 'open', to: 'in_progress' }]);
    expect(moved.progress[free.parentKey!]).toBeGreaterThan(0);
    expect(moved.progress[epicKey]).toBeGreaterThan(0);
    const [row] = await h.ds.query(
      `SELECT status, markdown FROM ticket_gen.ticket WHERE ticket_set_id = $1 AND key = $2`,
      [ticketSet.id, free.key],
    );
    expect(row.status).toBe('in_progress');
    expect(row.markdown).toContain('status: in_progress');

    const blocked = await refusal(
      h.query('tickets.transition', { ...ref, key: waiting.key, to: 'in_progress' }, TicketsTransitionResult),
    );
    expect(blocked.code).toBe('blocked');
    expect(blocked.message).toContain(waiting.blockedBy[0]);
    const invalid = await refusal(
      h.query('tickets.transition', { ...ref, key: free.key, to: 'done' }, TicketsTransitionResult),
    );
    expect(invalid.code).toBe('invalid_transition');
    const intruder = { tenantId: randomUUID(), workflowId: event.workflowId, key: free.key, to: 'review' };
    expect(await refusal(h.query('tickets.transition', intruder, TicketsTransitionResult))).toMatchObject({
      code: 'not_found',
    });
    // Refusals changed nothing.
    const after = await h.query('tickets.get', ref, TicketsView);
    expect(after.ticketSet.tickets.find((t) => t.key === waiting.key)?.status).toBe('open');
    expect(after.ticketSet.tickets.find((t) => t.key === free.key)?.status).toBe('in_progress');
    expect(after.progress[epicKey]).toBe(moved.progress[epicKey]);
  });

  it("templates.register stores a tenant template that shapes the tenant's next plan; bad ones are refused", async () => {
    await h.boot();
    const tenantId = randomUUID();
    const template = {
      id: 'acme-test',
      kind: 'test',
      name: 'ACME test task',
      requiredSections: ['description', 'acceptanceCriteria', 'implementationSteps', 'testPlan'],
      extraCriteria: ['Attach the CI run link to the ticket before review'],
    };
    const saved = await h.query('templates.register', { tenantId, template }, TemplateView);
    expect(saved).toMatchObject({ id: 'acme-test', source: 'tenant', version: 1 });
    const again = await h.query('templates.register', { tenantId, template }, TemplateView);
    expect(again.version).toBe(2);
    const listed = await h.query('templates.list', { tenantId }, TemplatesListResult);
    expect(listed.templates.find((t) => t.kind === 'test')).toMatchObject({ id: 'acme-test', source: 'tenant' });
    expect(listed.templates.find((t) => t.kind === 'bugfix')).toMatchObject({ source: 'builtin', version: null });
    const other = await h.query('templates.list', { tenantId: randomUUID() }, TemplatesListResult);
    expect(other.templates.every((t) => t.source === 'builtin')).toBe(true);

    const bad = await refusal(
      h.query('templates.register', { tenantId, template: { ...template, id: 'x2', kind: 'chore' } }, TemplateView),
    );
    expect(bad.code).toBe('invalid_template');
    expect(bad.message).toMatch(/unknown kind "chore"/);

    const event = await generatedWorkflow(tenantId);
    const { ticketSet } = await h.query('tickets.get', { tenantId, workflowId: event.workflowId }, TicketsView);
    const testTasks = ticketSet.tickets.filter((t) => t.kind === 'test');
    expect(testTasks.length).toBeGreaterThan(0);
    for (const t of testTasks) expect(t.acceptanceCriteria).toContain(template.extraCriteria[0]);
    const rows = await h.rows<{ kind: string; markdown: string }>('ticket', event.workflowId);
    const testRows = rows.filter((r) => r.kind === 'test');
    expect(testRows.every((r) => r.markdown.includes('Attach the CI run link'))).toBe(true);
  });
});
