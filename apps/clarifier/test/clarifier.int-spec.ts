import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { EventData } from '@flowguard/contracts';
import { EventPublisher, createEvent } from '@flowguard/messaging';
import { EventProbe, FakeOpenAiServer, createIsolation, sleep, waitFor, type Isolation } from '@flowguard/testing';
import { DataSource } from 'typeorm';
import { ClarificationEntity } from '../src/analyze-goal/clarification.entity';
import { analyzeGoalOffline } from '../src/analyze-goal/offline-clarification';
import { ClarifierModule } from '../src/clarifier.module';
import { loadClarifierConfig } from '../src/config';

jest.setTimeout(60_000);

const prd = (name: string) => fs.readFileSync(path.resolve(__dirname, '../../../test/fixtures/prds', name), 'utf8');

describe('clarifier service on real Postgres, Redis and NATS', () => {
  let iso: Isolation;
  let app: INestApplication;
  let probe: EventProbe;
  let publisher: EventPublisher;
  let ds: DataSource;
  let fake: FakeOpenAiServer | undefined;

  async function boot(env: Record<string, string> = {}) {
    const config = loadClarifierConfig({
      ...iso.env,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      EVENT_RETRY_BASE_MS: '100',
      ...env,
    });
    const moduleRef = await Test.createTestingModule({ imports: [ClarifierModule.register(config)] }).compile();
    app = moduleRef.createNestApplication({ logger: process.env.TEST_LOG_LEVEL ? undefined : false });
    await app.init();
    publisher = app.get(EventPublisher);
    ds = app.get(DataSource);
  }

  beforeEach(async () => {
    iso = await createIsolation('clarifier');
    probe = await EventProbe.open(iso.natsUrl, iso.natsPrefix);
  });
  afterEach(async () => {
    await app?.close();
    await fake?.stop();
    fake = undefined;
    await probe.close();
    await iso.cleanup();
  });

  const submit = (goal: string, autoAnswer: boolean, ids = { tenantId: randomUUID(), workflowId: randomUUID() }) =>
    createEvent(
      'goal.submitted',
      { ...ids, correlationId: `corr-${ids.workflowId}`, causationId: null },
      { goal, options: { autoAnswer, maxTickets: 30, priorityDistribution: 'balanced' } },
    );

  it('goal.submitted → clarification stored → goal.analyzed with questions; answers → goal.clarified with the rest assumed', async () => {
    await boot();
    const event = submit(prd('team-billing.md'), false);
    await publisher.publish(event);
    const [analyzed] = await waitFor('goal.analyzed', async () => {
      const found = await probe.ofType('goal.analyzed', event.workflowId);
      return found.length ? found : undefined;
    });
    const data = analyzed.data as EventData<'goal.analyzed'>;
    expect(data).toMatchObject({ complexity: 'large', autoAnswer: false });
    expect(data.questions.length).toBeGreaterThan(0);
    expect(analyzed).toMatchObject({
      causationId: event.id,
      correlationId: event.correlationId,
      tenantId: event.tenantId,
    });
    const row = await ds.manager.findOneByOrFail(ClarificationEntity, { workflowId: event.workflowId });
    expect(row).toMatchObject({
      status: 'awaiting_answers',
      provider: 'offline',
      promptId: 'clarification',
      promptVersion: 1,
    });
    expect(await probe.ofType('goal.clarified', event.workflowId)).toEqual([]);

    const first = data.questions[0];
    const answers = createEvent(
      'answers.submitted',
      { tenantId: event.tenantId, workflowId: event.workflowId, correlationId: event.correlationId, causationId: null },
      { answers: [{ questionId: first.id, answer: 'Only workspace owners' }] },
    );
    await publisher.publish(answers);
    const [clarified] = await waitFor('goal.clarified', async () => {
      const found = await probe.ofType('goal.clarified', event.workflowId);
      return found.length ? found : undefined;
    });
    const c = clarified.data as EventData<'goal.clarified'>;
    expect(c.goal).toBe(event.data.goal);
    expect(c.answers[0]).toEqual({
      questionId: first.id,
      question: first.text,
      answer: 'Only workspace owners',
      source: 'user',
    });
    expect(c.answers.slice(1).every((a) => a.source === 'default')).toBe(true);
    expect(c.assumptions).toHaveLength(data.questions.length - 1);
    expect(c.assumptions.every((a) => a.source === 'default-answer')).toBe(true);

    // Answers delivered again (a new message the server cannot dedupe): nothing changes.
    await publisher.publish({ ...answers, id: randomUUID() });
    await sleep(800);
    expect(await probe.ofType('goal.clarified', event.workflowId)).toHaveLength(1);
  });

  it('in auto mode takes the defaults at once; the same goal.submitted delivered twice makes one clarification', async () => {
    await boot();
    const event = submit('Add a dark mode toggle to the settings page', true);
    await publisher.publish(event);
    // Redelivery the server cannot dedupe: same event, new message id.
    await publisher.publish({ ...event, id: randomUUID() });
    await waitFor('goal.clarified', async () => (await probe.ofType('goal.clarified', event.workflowId)).length === 1);
    await sleep(800);
    expect(await probe.ofType('goal.analyzed', event.workflowId)).toHaveLength(1);
    expect(await probe.ofType('goal.clarified', event.workflowId)).toHaveLength(1);
    expect(await ds.manager.countBy(ClarificationEntity, { workflowId: event.workflowId })).toBe(1);
    const ledger = await ds.query(`SELECT purpose, provider FROM clarifier.token_usage WHERE workflow_id = $1`, [
      event.workflowId,
    ]);
    expect(ledger).toEqual([{ purpose: 'clarification', provider: 'offline' }]);
  });

  it('answers for an unknown tenant/workflow pair do not touch another tenant', async () => {
    await boot();
    const event = submit(prd('csv-export.md'), false);
    await publisher.publish(event);
    await waitFor('analyzed', async () => (await probe.ofType('goal.analyzed', event.workflowId)).length === 1);
    const intruder = createEvent(
      'answers.submitted',
      { tenantId: randomUUID(), workflowId: event.workflowId, correlationId: 'x', causationId: null },
      { answers: [{ questionId: 'Q1', answer: 'hijack' }] },
    );
    await publisher.publish(intruder);
    await sleep(1_500);
    expect(await probe.ofType('goal.clarified', event.workflowId)).toEqual([]);
    expect((await ds.manager.findOneByOrFail(ClarificationEntity, { workflowId: event.workflowId })).status).toBe(
      'awaiting_answers',
    );
  });

  it("another tenant's workflow.cancelled for the same workflow id changes nothing", async () => {
    await boot();
    const event = submit(prd('csv-export.md'), false);
    await publisher.publish(event);
    await waitFor('analyzed', async () => (await probe.ofType('goal.analyzed', event.workflowId)).length === 1);
    const other = { tenantId: randomUUID(), workflowId: event.workflowId, correlationId: 'x', causationId: null };
    await publisher.publish(createEvent('workflow.cancelled', other, { reason: 'not yours' }));
    await sleep(1_000);
    expect(await ds.manager.countBy(ClarificationEntity, { workflowId: event.workflowId })).toBe(1);
    const origin = {
      tenantId: event.tenantId,
      workflowId: event.workflowId,
      correlationId: event.correlationId,
      causationId: null,
    };
    await publisher.publish(
      createEvent('answers.submitted', origin, { answers: [{ questionId: 'Q1', answer: 'yes' }] }),
    );
    await waitFor('clarified', async () => (await probe.ofType('goal.clarified', event.workflowId)).length === 1);
  });

  it('on workflow.cancelled removes the partial clarification and ignores later events', async () => {
    await boot();
    const event = submit(prd('offline-notes.md'), false);
    await publisher.publish(event);
    await waitFor('analyzed', async () => (await probe.ofType('goal.analyzed', event.workflowId)).length === 1);
    const origin = {
      tenantId: event.tenantId,
      workflowId: event.workflowId,
      correlationId: event.correlationId,
      causationId: null,
    };
    await publisher.publish(createEvent('workflow.cancelled', origin, { reason: 'changed our mind' }));
    await waitFor(
      'clarification removed',
      async () => (await ds.manager.countBy(ClarificationEntity, { workflowId: event.workflowId })) === 0,
    );
    await publisher.publish(
      createEvent('answers.submitted', origin, { answers: [{ questionId: 'Q1', answer: 'yes' }] }),
    );
    await publisher.publish({ ...event, id: randomUUID() });
    await sleep(1_500);
    expect(await ds.manager.countBy(ClarificationEntity, { workflowId: event.workflowId })).toBe(0);
    expect(await probe.ofType('goal.clarified', event.workflowId)).toEqual([]);
  });

  it('the OpenAI path: same pipeline against the fake server; a fatal error emits workflow.failed once', async () => {
    const goal = prd('csv-export.md');
    const scripted = analyzeGoalOffline({ goal, codebaseContext: null });
    fake = new FakeOpenAiServer({
      script: (_purpose, _n, body) =>
        body.messages.some((m) => m.content.includes('DENY-ME'))
          ? { kind: 'status', status: 401 }
          : { kind: 'ok', content: scripted },
    });
    const baseURL = await fake.start();
    await boot({ OPENAI_API_KEY: 'test', OPENAI_BASE_URL: baseURL, OPENAI_MODEL: 'fake-model' });

    const ok = submit(goal, true);
    await publisher.publish(ok);
    await waitFor(
      'clarified via openai',
      async () => (await probe.ofType('goal.clarified', ok.workflowId)).length === 1,
    );
    const row = await ds.manager.findOneByOrFail(ClarificationEntity, { workflowId: ok.workflowId });
    expect(row).toMatchObject({ provider: 'openai', model: 'fake-model', questions: scripted.questions });
    expect(fake.requests[0].purpose).toBe('clarification');

    const denied = submit('DENY-ME: add SSO', true);
    await publisher.publish(denied);
    const [failed] = await waitFor('workflow.failed', async () => {
      const found = await probe.ofType('workflow.failed', denied.workflowId);
      return found.length ? found : undefined;
    });
    expect(failed.data).toMatchObject({ phase: 'clarification', attempts: 1 });
    expect((failed.data as { reason: string }).reason).toMatch(/^unauthorized: /);
    expect(await ds.manager.countBy(ClarificationEntity, { workflowId: denied.workflowId })).toBe(0);
  });
});
