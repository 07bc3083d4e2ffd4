import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig, serviceConfigSchema } from '@flowguard/config';
import type { EventData, Spec, TicketSet, ValidationReport } from '@flowguard/contracts';
import {
  EventPublisher,
  NATS_HANDLES,
  createEvent,
  requestQuery,
  type EventContext,
  type NatsHandles,
} from '@flowguard/messaging';
import { EventProbe, createIsolation, sleep, waitFor, type Isolation } from '@flowguard/testing';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { HandoffTemplateEntity } from '../src/handoff-templates/handoff-template.entity';
import { HandoffModule } from '../src/handoff.module';
import { ExecutionEntity, HandoffEntity } from '../src/handoffs/handoff.entity';
import { PlanConsumers } from '../src/plan/plan.consumers';

jest.setTimeout(60_000);

interface PlanFixture {
  spec: Spec;
  specMarkdown: string;
  ticketSet: TicketSet;
  ticketMarkdown: Record<string, string>;
}
const fixture = (name: string): PlanFixture =>
  JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')) as PlanFixture;

const noFindings: ValidationReport = {
  schemaVersion: 1,
  valid: true,
  errors: 0,
  warnings: 0,
  findings: [],
  traceability: [],
  fileConflicts: [],
  dag: { cycles: [], danglingLinks: [], orphans: [] },
};

describe('handoff service on real Postgres, Redis and NATS', () => {
  let iso: Isolation;
  let app: INestApplication;
  let probe: EventProbe;
  let publisher: EventPublisher;
  let nats: NatsHandles;
  let ds: DataSource;

  beforeEach(async () => {
    iso = await createIsolation('handoff');
    probe = await EventProbe.open(iso.natsUrl, iso.natsPrefix);
    const config = loadConfig(serviceConfigSchema(0), { ...iso.env, LOG_LEVEL: 'silent', EVENT_RETRY_BASE_MS: '100' });
    const moduleRef = await Test.createTestingModule({ imports: [HandoffModule.register(config)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    publisher = app.get(EventPublisher);
    nats = app.get<NatsHandles>(NATS_HANDLES);
    ds = app.get(DataSource);
  });
  afterEach(async () => {
    await app.close();
    await probe.close();
    await iso.cleanup();
  });

  /** Publishes spec.created + tickets.generated for a fresh workflow of `tenantId`. */
  async function plan(name: string, agentType?: 'cursor' | 'claude', tenantId = randomUUID()) {
    const f = fixture(name);
    const workflowId = randomUUID();
    const origin = { tenantId, workflowId, correlationId: `c-${workflowId}`, causationId: null };
    // A fresh ticket set id per workflow, as ticket-gen makes them (the spec id stays: tickets reference it).
    const spec = { ...f.spec, tenantId, workflowId };
    const ticketSet = { ...f.ticketSet, id: randomUUID(), tenantId, workflowId };
    const options = { autoAnswer: true, maxTickets: 40, priorityDistribution: 'balanced' as const, agentType };
    const tickets = createEvent('tickets.generated', origin, {
      ticketSet,
      validation: noFindings,
      ticketMarkdown: f.ticketMarkdown,
    });
    const specCreated = createEvent('spec.created', origin, {
      spec,
      complexity: 'medium',
      options,
      markdown: f.specMarkdown,
    });
    // Out of order on purpose: tickets first; whichever is stored second triggers the handoff.
    await publisher.publish(tickets);
    await publisher.publish(specCreated);
    return { tenantId, workflowId, tickets, specCreated, f };
  }

  const ask = <T>(name: string, payload: unknown, schema: z.ZodType<T> = z.any() as z.ZodType<T>) =>
    requestQuery(nats.nc, iso.natsPrefix, 'handoff', name, payload, schema);

  it('tickets.generated for a workflow with an agent type → handoff + pending execution + handoff.created; redelivery makes no second', async () => {
    const { tenantId, workflowId, tickets, specCreated, f } = await plan('plan-csv-export.json', 'cursor');
    const [created] = await waitFor('handoff.created', async () => {
      const found = await probe.ofType('handoff.created', workflowId);
      return found.length ? found : undefined;
    });
    const data = created.data as EventData<'handoff.created'>;
    expect(data.agentType).toBe('cursor');
    // Caused by whichever of the two completed the plan (they come on separate consumers).
    expect([tickets.id, specCreated.id]).toContain(created.causationId);
    const handoff = await ds.manager.findOneByOrFail(HandoffEntity, { tenantId, id: data.handoffId });
    for (const t of f.ticketSet.tickets.filter((x) => x.level === 'task')) expect(handoff.content).toContain(t.title);
    expect(handoff.content).not.toContain('{{');
    expect(data.metadata.ticketCount).toBeGreaterThan(0);
    expect(await ds.manager.findOneByOrFail(ExecutionEntity, { tenantId, id: data.executionId })).toMatchObject({
      status: 'pending',
    });

    await publisher.publish({ ...tickets, id: randomUUID() });
    await sleep(1_000);
    expect(await probe.ofType('handoff.created', workflowId)).toHaveLength(1);
    expect(await ds.manager.countBy(HandoffEntity, { tenantId, workflowId })).toBe(1);
  });

  it('preview renders without a record; generate records; executions move and emit execution.updated; other tenants get not_found', async () => {
    const { tenantId, workflowId } = await plan('plan-team-billing.json');
    await waitFor('plan stored', async () => {
      try {
        return await ask('handoffs.preview', { tenantId, workflowId, agentType: 'claude' });
      } catch {
        return undefined;
      }
    });
    const preview = await ask<{ content: string; metadata: { words: number } }>('handoffs.preview', {
      tenantId,
      workflowId,
      agentType: 'claude',
    });
    expect(preview.content).toMatch(/<tickets count="\d+">/);
    expect(preview.metadata.words).toBeGreaterThan(100);
    expect(await ds.manager.countBy(HandoffEntity, { tenantId })).toBe(0);

    const generated = await ask<{ handoff: { id: string }; execution: { id: string } }>('handoffs.generate', {
      tenantId,
      workflowId,
      agentType: 'aider',
      requestKey: 'k1',
    });
    const again = await ask<{ handoff: { id: string } }>('handoffs.generate', {
      tenantId,
      workflowId,
      agentType: 'aider',
      requestKey: 'k1',
    });
    expect(again.handoff.id).toBe(generated.handoff.id);

    const executionId = generated.execution.id;
    await expect(ask('executions.update', { tenantId, executionId, status: 'completed' })).rejects.toMatchObject({
      code: 'invalid_transition',
    });
    await ask('executions.update', { tenantId, executionId, status: 'in_progress' });
    const done = await ask<{ status: string; completedAt: string | null }>('executions.update', {
      tenantId,
      executionId,
      status: 'completed',
      result: { summary: 'all tasks done', filesModified: ['api/src/billing.ts'], commit: 'abc123' },
    });
    expect(done.status).toBe('completed');
    expect(done.completedAt).not.toBeNull();
    await waitFor(
      'execution.updated ×2',
      async () => (await probe.ofType('execution.updated', workflowId)).length === 2,
    );
    const list = await ask<{ id: string }[]>('executions.list', { tenantId, workflowId });
    expect(list.map((e) => e.id)).toEqual([executionId]);

    const intruder = randomUUID();
    await expect(ask('handoffs.get', { tenantId: intruder, handoffId: generated.handoff.id })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(ask('executions.get', { tenantId: intruder, executionId })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      ask('handoffs.preview', { tenantId: intruder, workflowId, agentType: 'claude' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(ask('exports.get', { tenantId: intruder, workflowId })).rejects.toMatchObject({ code: 'not_found' });
    await expect(ask('handoffs.preview', { tenantId, workflowId, agentType: 'copilot' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it("a tenant's template overrides the built-in for that tenant only; invalid templates are refused with line and column", async () => {
    const a = await plan('plan-csv-export.json');
    const b = await plan('plan-csv-export.json');
    await waitFor('plans stored', async () => {
      try {
        await ask('handoffs.preview', { tenantId: a.tenantId, workflowId: a.workflowId, agentType: 'cursor' });
        await ask('handoffs.preview', { tenantId: b.tenantId, workflowId: b.workflowId, agentType: 'cursor' });
        return true;
      } catch {
        return undefined;
      }
    });
    await expect(
      ask('handoff-templates.create', {
        tenantId: a.tenantId,
        agentType: 'cursor',
        name: 'bad',
        source: '# {{epicTitle}}\n{{#each tickets}}\n- {{titel}}\n',
      }),
    ).rejects.toMatchObject({ code: 'invalid_template' });
    const created = await ask<{ id: string; version: number }>('handoff-templates.create', {
      tenantId: a.tenantId,
      agentType: 'cursor',
      name: 'ours',
      source: 'OURS {{epicTitle}}\n{{#each tickets}}- {{key}} {{title}}\n{{/each}}',
    });
    const mine = await ask<{ content: string }>('handoffs.preview', {
      tenantId: a.tenantId,
      workflowId: a.workflowId,
      agentType: 'cursor',
    });
    const theirs = await ask<{ content: string }>('handoffs.preview', {
      tenantId: b.tenantId,
      workflowId: b.workflowId,
      agentType: 'cursor',
    });
    expect(mine.content.startsWith('OURS ')).toBe(true);
    expect(theirs.content.startsWith('OURS ')).toBe(false);
    const updated = await ask<{ version: number }>('handoff-templates.update', {
      tenantId: a.tenantId,
      templateId: created.id,
      source: 'OURS v2 {{epicTitle}}\n{{#each tickets}}- {{title}}\n{{/each}}',
    });
    expect(updated.version).toBe(2);
    const got = await ask<{ versions: { version: number }[] }>('handoff-templates.get', {
      tenantId: a.tenantId,
      templateId: created.id,
    });
    expect(got.versions.map((v) => v.version)).toEqual([2, 1]);
    await expect(ask('handoff-templates.get', { tenantId: b.tenantId, templateId: created.id })).rejects.toMatchObject({
      code: 'not_found',
    });
    await ask('handoff-templates.delete', { tenantId: a.tenantId, templateId: created.id });
    const back = await ask<{ content: string }>('handoffs.preview', {
      tenantId: a.tenantId,
      workflowId: a.workflowId,
      agentType: 'cursor',
    });
    expect(back.content.startsWith('OURS')).toBe(false);
  });

  it('exports the plan: spec, tickets, IMPL_PLAN, TODO_LIST, task JSON, Task Master and Spec Kit', async () => {
    const { tenantId, workflowId, f } = await plan('plan-csv-export.json');
    const files = await waitFor('exports', async () => {
      try {
        return (await ask<{ files: { path: string; content: string }[] }>('exports.get', { tenantId, workflowId }))
          .files;
      } catch {
        return undefined;
      }
    });
    const paths = files.map((x) => x.path);
    expect(paths).toEqual(
      expect.arrayContaining(['spec.md', 'IMPL_PLAN.md', 'TODO_LIST.md', 'taskmaster/tasks.json', 'speckit/tasks.md']),
    );
    for (const t of f.ticketSet.tickets) expect(paths).toContain(`tickets/${t.key}.md`);
    const tm = await ask<{ files: { path: string }[] }>('exports.get', { tenantId, workflowId, format: 'taskmaster' });
    expect(tm.files.map((x) => x.path)).toEqual(['taskmaster/tasks.json']);
  });

  const ctx = (delivery = 1): EventContext => ({ delivery, subject: 'test', consumer: 'test-plan' });
  const planTickets = (tenantId: string, workflowId: string) =>
    ds.query(`SELECT ticket_set_id FROM handoff.plan_tickets WHERE tenant_id = $1 AND workflow_id = $2`, [
      tenantId,
      workflowId,
    ]);

  it('an auto handoff renders the ticket set of its event, not the latest stored version', async () => {
    const f = fixture('plan-csv-export.json');
    const tenantId = randomUUID();
    const workflowId = randomUUID();
    const origin = { tenantId, workflowId, correlationId: `c-${workflowId}`, causationId: null };
    const options = {
      autoAnswer: true,
      maxTickets: 40,
      priorityDistribution: 'balanced' as const,
      agentType: 'cursor' as const,
    };
    const spec = { ...f.spec, tenantId, workflowId };
    await publisher.publish(
      createEvent('spec.created', origin, { spec, complexity: 'medium', options, markdown: f.specMarkdown }),
    );
    const setOf = (version: number) => ({ ...f.ticketSet, id: randomUUID(), tenantId, workflowId, version });
    const v1 = setOf(1);
    const v2 = setOf(2);
    const ticketsEvent = (ticketSet: TicketSet) =>
      createEvent('tickets.generated', origin, { ticketSet, validation: noFindings, ticketMarkdown: f.ticketMarkdown });
    // v2 lands first; v1's event (delayed, redelivered) comes after it.
    await publisher.publish(ticketsEvent(v2));
    await waitFor('v2 handoff', async () =>
      ds.manager.findOneBy(HandoffEntity, { tenantId, triggerKey: `auto:${v2.id}` }),
    );
    await publisher.publish(ticketsEvent(v1));
    const first = await waitFor('v1 handoff', async () =>
      ds.manager.findOneBy(HandoffEntity, { tenantId, triggerKey: `auto:${v1.id}` }),
    );
    expect(first.ticketSetId).toBe(v1.id);
    const second = await ds.manager.findOneByOrFail(HandoffEntity, { tenantId, triggerKey: `auto:${v2.id}` });
    expect(second.ticketSetId).toBe(v2.id);
  });

  it("a ticket set the tenant's broken template cannot render is stored anyway; its auto handoff is skipped", async () => {
    const tenantId = randomUUID();
    // Saved before validation got stricter, say: it no longer validates (unclosed block).
    await ds.manager.insert(HandoffTemplateEntity, {
      id: randomUUID(),
      tenantId,
      agentType: 'cursor',
      name: 'broken',
      source: '# {{epicTitle}}\n{{#each tickets}}\n- {{titel}}\n',
      version: 1,
      deletedAt: null,
    });
    const { workflowId, tickets } = await plan('plan-csv-export.json', 'cursor', tenantId);
    await waitFor('plan stored', async () => (await planTickets(tenantId, workflowId)).length === 1);
    await sleep(1_000);
    expect(await planTickets(tenantId, workflowId)).toEqual([{ ticket_set_id: tickets.data.ticketSet.id }]);
    expect(await ds.manager.countBy(HandoffEntity, { tenantId, workflowId })).toBe(0);
    expect(await probe.ofType('handoff.created', workflowId)).toEqual([]);
    // Applied once (the inbox has it), not retried towards the dead-letter queue.
    const inbox = await ds.query(`SELECT 1 FROM handoff.inbox WHERE event_id = $1`, [tickets.id]);
    expect(inbox).toHaveLength(1);
    expect(await probe.ofType('workflow.failed', workflowId)).toEqual([]);
  });

  it('handoffs.generate takes a 150-character requestKey (trigger key and correlation id fit); longer is refused', async () => {
    const { tenantId, workflowId } = await plan('plan-csv-export.json');
    await waitFor('plan stored', async () => (await planTickets(tenantId, workflowId)).length === 1);
    const requestKey = 'k'.repeat(150);
    const generated = await ask<{ handoff: { id: string; triggerKey: string } }>('handoffs.generate', {
      tenantId,
      workflowId,
      agentType: 'generic',
      requestKey,
    });
    expect(generated.handoff.triggerKey).toBe(`api:${requestKey}`);
    const again = await ask<{ handoff: { id: string } }>('handoffs.generate', {
      tenantId,
      workflowId,
      agentType: 'generic',
      requestKey,
    });
    expect(again.handoff.id).toBe(generated.handoff.id);
    const [created] = await waitFor('handoff.created', async () => {
      const found = await probe.ofType('handoff.created', workflowId);
      return found.length ? found : undefined;
    });
    expect(created.correlationId).toBe(`handoff:api:${requestKey}`);
    expect(created.correlationId.length).toBeLessThanOrEqual(200);
    await expect(
      ask('handoffs.generate', { tenantId, workflowId, agentType: 'generic', requestKey: 'k'.repeat(200) }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('tickets.generated ahead of its spec is stored at once (nothing to retry); for a cancelled workflow it is skipped', async () => {
    const f = fixture('plan-csv-export.json');
    const handler = app.get(PlanConsumers);
    const origin = { tenantId: randomUUID(), workflowId: randomUUID(), correlationId: 'c', causationId: null };
    const event = createEvent('tickets.generated', origin, {
      ticketSet: { ...f.ticketSet, id: randomUUID(), tenantId: origin.tenantId, workflowId: origin.workflowId },
      validation: noFindings,
      ticketMarkdown: f.ticketMarkdown,
    });
    expect(await handler.onTicketsGenerated(event, ctx(1))).toEqual({ kind: 'done' });
    expect(await planTickets(origin.tenantId, origin.workflowId)).toEqual([{ ticket_set_id: event.data.ticketSet.id }]);

    await publisher.publish(createEvent('workflow.cancelled', origin, { reason: 'stop' }));
    await waitFor(
      'cancel applied',
      async () =>
        (
          await ds.query(`SELECT 1 FROM handoff.workflow_control WHERE tenant_id = $1 AND workflow_id = $2`, [
            origin.tenantId,
            origin.workflowId,
          ])
        ).length,
    );
    expect(await handler.onTicketsGenerated({ ...event, id: randomUUID() }, ctx(1))).toEqual({
      kind: 'skipped',
      reason: 'workflow cancelled',
    });
  });

  it('a spec.created that comes long after its ticket set (a crashed consumer) still gets the handoff made; nothing is dead-lettered', async () => {
    // Found by bench/chaos.mjs: tickets.generated was retried until its spec came, within the
    // delivery bound (here 0.1 + 0.2 + 0.4 + 0.8 s), then dead-lettered; a killed handoff
    // process holds spec.created for its ack wait (30 s), so the workflow never completed.
    const f = fixture('plan-csv-export.json');
    const tenantId = randomUUID();
    const workflowId = randomUUID();
    const origin = { tenantId, workflowId, correlationId: `c-${workflowId}`, causationId: null };
    const ticketSet = { ...f.ticketSet, id: randomUUID(), tenantId, workflowId };
    const options = {
      autoAnswer: true,
      maxTickets: 40,
      priorityDistribution: 'balanced' as const,
      agentType: 'claude' as const,
    };
    await publisher.publish(
      createEvent('tickets.generated', origin, { ticketSet, validation: noFindings, ticketMarkdown: f.ticketMarkdown }),
    );
    await sleep(3_000); // well past the old retry budget
    const specCreated = createEvent('spec.created', origin, {
      spec: { ...f.spec, tenantId, workflowId },
      complexity: 'medium',
      options,
      markdown: f.specMarkdown,
    });
    await publisher.publish(specCreated);
    const [created] = await waitFor('handoff.created', async () => {
      const found = await probe.ofType('handoff.created', workflowId);
      return found.length ? found : undefined;
    });
    expect(created.causationId).toBe(specCreated.id);
    const handoff = await ds.manager.findOneByOrFail(HandoffEntity, { tenantId, triggerKey: `auto:${ticketSet.id}` });
    expect(handoff.ticketSetId).toBe(ticketSet.id);
    const dlq = await nats.jsm.streams.info(`${iso.natsPrefix.toUpperCase()}_DLQ`);
    expect(dlq.state.messages).toBe(0);
  });
});
