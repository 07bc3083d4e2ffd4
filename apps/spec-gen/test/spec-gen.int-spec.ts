import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Spec, type EventData, type SpecContent } from '@flowguard/contracts';
import { EventPublisher, createEvent } from '@flowguard/messaging';
import { EventProbe, FakeOpenAiServer, createIsolation, sleep, waitFor, type Isolation } from '@flowguard/testing';
import { DataSource } from 'typeorm';
import { loadSpecGenConfig } from '../src/config';
import { specInputOf } from '../src/generate-spec/generate-spec.processor';
import { generateSpecOffline } from '../src/generate-spec/offline-spec';
import { SpecEntity, SpecRequestEntity } from '../src/generate-spec/spec.entity';
import { SpecGenModule } from '../src/spec-gen.module';

jest.setTimeout(60_000);

const prd = (name: string) => fs.readFileSync(path.resolve(__dirname, '../../../test/fixtures/prds', name), 'utf8');

/** A goal.clarified payload as the clarifier sends it, for a PRD. */
const clarifiedData = (goal: string): EventData<'goal.clarified'> => ({
  goal,
  options: { autoAnswer: false, maxTickets: 30, priorityDistribution: 'balanced' },
  restated: {
    goal: 'Let teams pay for Tallyboard with Stripe subscriptions billed per seat.',
    scope: 'Subscriptions, seat changes with proration, PDF invoices and dunning.',
    context: 'B2B SaaS with team accounts; card data must stay out of our servers (PCI).',
  },
  complexity: 'large',
  answers: [
    {
      questionId: 'Q1',
      question: 'Which billing intervals are offered?',
      answer: 'Monthly and annual.',
      source: 'user',
    },
    {
      questionId: 'Q2',
      question: 'Which currencies are supported?',
      answer: 'USD only for the first release.',
      source: 'default',
    },
  ],
  assumptions: [
    {
      questionId: 'Q2',
      statement: 'Which currencies are supported? — assumed: USD only for the first release.',
      source: 'default-answer',
    },
  ],
});

describe('spec-gen service on real Postgres, Redis and NATS', () => {
  let iso: Isolation;
  let app: INestApplication;
  let probe: EventProbe;
  let publisher: EventPublisher;
  let ds: DataSource;
  let fake: FakeOpenAiServer | undefined;

  async function boot(env: Record<string, string> = {}) {
    const config = loadSpecGenConfig({
      ...iso.env,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      EVENT_RETRY_BASE_MS: '100',
      ...env,
    });
    const moduleRef = await Test.createTestingModule({ imports: [SpecGenModule.register(config)] }).compile();
    app = moduleRef.createNestApplication({ logger: process.env.TEST_LOG_LEVEL ? undefined : false });
    await app.init();
    publisher = app.get(EventPublisher);
    ds = app.get(DataSource);
  }

  beforeEach(async () => {
    iso = await createIsolation('specgen');
    probe = await EventProbe.open(iso.natsUrl, iso.natsPrefix);
  });
  afterEach(async () => {
    await app?.close();
    await fake?.stop();
    fake = undefined;
    await probe.close();
    await iso.cleanup();
  });

  const clarified = (goal: string, ids = { tenantId: randomUUID(), workflowId: randomUUID() }) =>
    createEvent(
      'goal.clarified',
      { ...ids, correlationId: `corr-${ids.workflowId}`, causationId: randomUUID() },
      clarifiedData(goal),
    );

  const specCreated = async (workflowId: string) => {
    const [created] = await waitFor('spec.created', async () => {
      const found = await probe.ofType('spec.created', workflowId);
      return found.length ? found : undefined;
    });
    return created;
  };

  it('goal.clarified → spec stored as JSON and markdown → spec.created with the whole spec', async () => {
    await boot();
    const event = clarified(prd('team-billing.md'));
    await publisher.publish(event);
    const created = await specCreated(event.workflowId);
    expect(created).toMatchObject({
      causationId: event.id,
      correlationId: event.correlationId,
      tenantId: event.tenantId,
      workflowId: event.workflowId,
    });
    const data = created.data as EventData<'spec.created'>;
    const spec = Spec.parse(data.spec);
    expect(spec).toMatchObject({
      schemaVersion: 1,
      tenantId: event.tenantId,
      workflowId: event.workflowId,
      version: 1,
      generatedBy: { provider: 'offline', model: 'flowguard-rules-v1', promptId: 'spec', promptVersion: 1 },
    });
    expect(data.complexity).toBe('large');
    expect(data.options).toEqual(event.data.options);

    const row = await ds.manager.findOneByOrFail(SpecEntity, {
      workflowId: event.workflowId,
      tenantId: event.tenantId,
    });
    expect(row).toMatchObject({
      id: spec.id,
      version: 1,
      provider: 'offline',
      model: 'flowguard-rules-v1',
      promptId: 'spec',
      promptVersion: 1,
      markdown: data.markdown,
    });
    expect(row.content).toEqual(spec.content);
    expect(row.createdAt.toISOString()).toBe(spec.createdAt);

    // Every section, as planned for a large goal; the given assumptions first and verbatim.
    expect(spec.content.functionalRequirements.length).toBeGreaterThan(3);
    expect(spec.content.phases).toHaveLength(3);
    expect(spec.content.assumptions.slice(0, event.data.assumptions.length)).toEqual(event.data.assumptions);

    // Markdown: front matter with ids and provenance, then every FR.
    const head = data.markdown.split(/^---$/m)[1] ?? '';
    const field = (key: string) => new RegExp(`^${key}: "?([^"\\n]*)"?$`, 'm').exec(head)?.[1];
    expect(data.markdown.startsWith('---\n')).toBe(true);
    expect(field('id')).toBe(spec.id);
    expect(field('tenant')).toBe(event.tenantId);
    expect(field('workflow')).toBe(event.workflowId);
    expect(field('version')).toBe('1');
    expect(field('provider')).toBe('offline');
    expect(field('model')).toBe('flowguard-rules-v1');
    expect(field('promptVersion')).toBe('1');
    for (const fr of spec.content.functionalRequirements) expect(data.markdown).toContain(`### ${fr.id} — `);

    const ledger = await ds.query(
      `SELECT purpose, provider, outcome FROM spec_gen.token_usage WHERE workflow_id = $1`,
      [event.workflowId],
    );
    expect(ledger).toEqual([{ purpose: 'spec', provider: 'offline', outcome: 'succeeded' }]);
  });

  it('the same goal.clarified delivered twice makes one spec and one spec.created', async () => {
    await boot();
    const event = clarified(prd('csv-export.md'));
    await publisher.publish(event);
    // Redelivery the server cannot dedupe: same event, new message id.
    await publisher.publish({ ...event, id: randomUUID() });
    await specCreated(event.workflowId);
    await sleep(800);
    expect(await probe.ofType('spec.created', event.workflowId)).toHaveLength(1);
    expect(await ds.manager.countBy(SpecEntity, { workflowId: event.workflowId, tenantId: event.tenantId })).toBe(1);
    expect(await ds.manager.countBy(SpecRequestEntity, { workflowId: event.workflowId })).toBe(1);
  });

  it('on workflow.cancelled removes the spec and its request, and ignores a later goal.clarified', async () => {
    await boot();
    const event = clarified(prd('offline-notes.md'));
    await publisher.publish(event);
    await specCreated(event.workflowId);
    const where = { workflowId: event.workflowId, tenantId: event.tenantId };
    const origin = { ...where, correlationId: event.correlationId, causationId: null };
    await publisher.publish(createEvent('workflow.cancelled', origin, { reason: 'changed our mind' }));
    await waitFor(
      'spec and request removed',
      async () =>
        (await ds.manager.countBy(SpecEntity, where)) === 0 &&
        (await ds.manager.countBy(SpecRequestEntity, where)) === 0,
    );
    await publisher.publish({ ...event, id: randomUUID() });
    await sleep(1_500);
    expect(await ds.manager.countBy(SpecEntity, where)).toBe(0);
    expect(await ds.manager.countBy(SpecRequestEntity, where)).toBe(0);
    expect(await probe.ofType('spec.created', event.workflowId)).toHaveLength(1);
  });

  it('the OpenAI path: a valid answer becomes the spec; an answer that always breaks the rules fails the workflow', async () => {
    const goal = prd('team-billing.md');
    const scripted = generateSpecOffline(specInputOf(clarifiedData(goal)));
    const [first] = scripted.functionalRequirements;
    const duplicated: SpecContent = {
      ...scripted,
      functionalRequirements: scripted.functionalRequirements.map((fr) => ({ ...fr, id: first!.id })),
    };
    fake = new FakeOpenAiServer({
      script: (_purpose, _n, body) => ({
        kind: 'ok',
        content: body.messages.some((m) => m.content.includes('DUPLICATE-IDS')) ? duplicated : scripted,
      }),
    });
    const baseURL = await fake.start();
    await boot({
      OPENAI_API_KEY: 'test',
      OPENAI_BASE_URL: baseURL,
      OPENAI_MODEL: 'fake-model',
      SPEC_JOB_ATTEMPTS: '2',
      SPEC_JOB_BACKOFF_MS: '50',
    });

    const ok = clarified(goal);
    await publisher.publish(ok);
    const created = await specCreated(ok.workflowId);
    expect((created.data as EventData<'spec.created'>).spec.generatedBy).toEqual({
      provider: 'openai',
      model: 'fake-model',
      promptId: 'spec',
      promptVersion: 1,
    });
    const row = await ds.manager.findOneByOrFail(SpecEntity, { workflowId: ok.workflowId, tenantId: ok.tenantId });
    expect(row).toMatchObject({ provider: 'openai', model: 'fake-model', content: scripted });
    expect(fake.requests[0]?.purpose).toBe('spec');

    const bad = clarified(`DUPLICATE-IDS\n\n${goal}`);
    await publisher.publish(bad);
    const [failed] = await waitFor('workflow.failed', async () => {
      const found = await probe.ofType('workflow.failed', bad.workflowId);
      return found.length ? found : undefined;
    });
    expect(failed).toMatchObject({ causationId: bad.id, correlationId: bad.correlationId });
    expect(failed.data).toMatchObject({ phase: 'spec', attempts: 2 });
    const n = scripted.functionalRequirements.length;
    expect((failed.data as { reason: string }).reason).toMatch(
      new RegExp(
        `^invalid_output: the spec failed validation: functional requirement id ${first!.id} is used ${n} times`,
      ),
    );
    expect(await ds.manager.countBy(SpecEntity, { workflowId: bad.workflowId })).toBe(0);
    expect(await probe.ofType('spec.created', bad.workflowId)).toEqual([]);
    // Both charged answers are in the ledger as failed calls.
    const ledger = await ds.query(
      `SELECT outcome, attempt FROM spec_gen.token_usage WHERE workflow_id = $1 ORDER BY attempt`,
      [bad.workflowId],
    );
    expect(ledger).toEqual([
      { outcome: 'failed', attempt: 1 },
      { outcome: 'failed', attempt: 2 },
    ]);
  });
});
