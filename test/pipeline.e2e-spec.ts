import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EventData } from '@flowguard/contracts';
import { EventPublisher, connectNats, createEvent, ensureStreams, type NatsHandles } from '@flowguard/messaging';
import {
  EventProbe,
  createIsolation,
  freePort,
  spawnNode,
  waitFor,
  type Isolation,
  type RunningProcess,
} from '@flowguard/testing';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '..');
const GENERATORS = ['clarifier', 'spec-gen', 'ticket-gen', 'handoff'];

/**
 * The planning pipeline across separate processes on the real services with the offline
 * planner: goal.submitted in (as the gateway will publish it), tickets.generated out.
 */
describe('planning pipeline: clarifier → spec-gen → ticket-gen → handoff as separate processes', () => {
  let iso: Isolation;
  let nats: NatsHandles;
  let probe: EventProbe;
  const procs: RunningProcess[] = [];

  beforeAll(async () => {
    iso = await createIsolation('pipeline');
    nats = await connectNats(iso.natsUrl, 'pipeline-test');
    await ensureStreams(nats.jsm, iso.natsPrefix);
    probe = await EventProbe.open(iso.natsUrl, iso.natsPrefix);
    const ports = await Promise.all(GENERATORS.map(() => freePort()));
    GENERATORS.forEach((service, i) =>
      procs.push(
        spawnNode(path.join(root, 'apps', service, 'dist', 'main.js'), [], {
          ...iso.env,
          PORT: String(ports[i]),
          LOG_LEVEL: 'warn',
        }),
      ),
    );
    await Promise.all(
      GENERATORS.map((service, i) =>
        waitFor(`${service} healthy`, async () => (await fetch(`http://127.0.0.1:${ports[i]}/health`)).ok, {
          timeoutMs: 60_000,
          intervalMs: 200,
        }),
      ),
    );
  });
  afterAll(async () => {
    procs.forEach((p) => p.kill('SIGTERM'));
    await Promise.all(procs.map((p) => p.exited));
    await probe.close();
    await nats.nc.close();
    await iso.cleanup();
  });

  it('a multi-page PRD in auto mode becomes a validated ticket hierarchy covering every FR', async () => {
    const goal = fs.readFileSync(path.join(root, 'test/fixtures/prds/team-billing.md'), 'utf8');
    const ids = { tenantId: randomUUID(), workflowId: randomUUID() };
    const submitted = createEvent(
      'goal.submitted',
      { ...ids, correlationId: `e2e-${ids.workflowId}`, causationId: null },
      { goal, options: { autoAnswer: true, maxTickets: 40, priorityDistribution: 'balanced', agentType: 'cursor' } },
    );
    await new EventPublisher(nats.js, iso.natsPrefix).publish(submitted);

    await waitFor('handoff.created', async () => (await probe.ofType('handoff.created', ids.workflowId)).length === 1, {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    const [generated] = await waitFor(
      'tickets.generated',
      async () => {
        const found = await probe.ofType('tickets.generated', ids.workflowId);
        return found.length ? found : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${procs.map((p) => p.output().slice(-1500)).join('\n---\n')}`);
    });
    const chain = (await probe.all()).filter((e) => e.workflowId === ids.workflowId).map((e) => e.type);
    expect(chain).toEqual([
      'goal.submitted',
      'goal.analyzed',
      'goal.clarified',
      'spec.created',
      'tickets.generated',
      'handoff.created',
    ]);

    const { ticketSet, validation } = generated.data as EventData<'tickets.generated'>;
    const [spec] = await probe.ofType('spec.created', ids.workflowId);
    const frIds = (spec.data as EventData<'spec.created'>).spec.content.functionalRequirements.map((f) => f.id);
    expect(validation.errors).toBe(0);
    expect(ticketSet.tickets.filter((t) => t.level === 'epic')).toHaveLength(1);
    expect(ticketSet.tickets.filter((t) => t.level === 'issue').length).toBeGreaterThan(1);
    const covered = new Set(ticketSet.tickets.filter((t) => t.level === 'task').flatMap((t) => t.covers));
    expect(frIds.filter((id) => !covered.has(id))).toEqual([]);
    expect(generated.correlationId).toBe(submitted.correlationId);
  });

  it('a one-line goal is triaged small and gives at most 3 tasks', async () => {
    const ids = { tenantId: randomUUID(), workflowId: randomUUID() };
    const submitted = createEvent(
      'goal.submitted',
      { ...ids, correlationId: `e2e-${ids.workflowId}`, causationId: null },
      {
        goal: 'Add a dark mode toggle to the settings page',
        options: { autoAnswer: true, maxTickets: 40, priorityDistribution: 'balanced' },
      },
    );
    await new EventPublisher(nats.js, iso.natsPrefix).publish(submitted);
    const [generated] = await waitFor(
      'tickets.generated',
      async () => {
        const found = await probe.ofType('tickets.generated', ids.workflowId);
        return found.length ? found : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const [analyzed] = await probe.ofType('goal.analyzed', ids.workflowId);
    expect((analyzed.data as EventData<'goal.analyzed'>).complexity).toBe('small');
    const { ticketSet } = generated.data as EventData<'tickets.generated'>;
    const tasks = ticketSet.tickets.filter((t) => t.level === 'task');
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.length).toBeLessThanOrEqual(3);
  });
});
