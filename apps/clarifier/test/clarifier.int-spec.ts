import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { QUEUES, jobId, type EventData, type EventEnvelope } from '@flowguard/contracts';
import { EventPublisher, createEvent, type EventContext } from '@flowguard/messaging';
import { QueueFactory } from '@flowguard/queue';
import { EventProbe, FakeOpenAiServer, createIsolation, sleep, waitFor, type Isolation } from '@flowguard/testing';
import { DataSource } from 'typeorm';
import { ClarificationEntity, GoalRequestEntity } from '../src/analyze-goal/clarification.entity';
import { analyzeGoalOffline } from '../src/analyze-goal/offline-clarification';
import { ClarifierModule } from '../src/clarifier.module';
import { loadClarifierConfig } from '../src/config';
import { SubmitAnswersConsumer } from '../src/submit-answers/submit-answers.consumer';

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
    // Once: nothing else follows (a second report would show up within this wait).
    await sleep(1_000);
    expect(await probe.ofType('workflow.failed', denied.workflowId)).toHaveLength(1);
  });

  /** Events of one tenant for a workflow id (two tenants may use the same id). */
  const ofTenant = async (type: string, tenantId: string, workflowId: string) =>
    (await probe.ofType(type, workflowId)).filter((e) => e.tenantId === tenantId);
  const originOf = (e: EventEnvelope) => ({
    tenantId: e.tenantId,
    workflowId: e.workflowId,
    correlationId: e.correlationId,
    causationId: null,
  });
  const ctx = (delivery = 1): EventContext => ({ delivery, subject: 'test', consumer: 'test-answers' });

  it("another tenant's goal.submitted with the same workflow id first does not block this tenant's workflow", async () => {
    await boot();
    const workflowId = randomUUID();
    const intruder = submit(prd('team-billing.md'), false, { tenantId: randomUUID(), workflowId });
    await publisher.publish(intruder);
    await waitFor(
      'intruder analyzed',
      async () => (await ofTenant('goal.analyzed', intruder.tenantId, workflowId)).length,
    );

    const real = submit('Add a dark mode toggle to the settings page', true, { tenantId: randomUUID(), workflowId });
    await publisher.publish(real);
    await waitFor('real clarified', async () => (await ofTenant('goal.clarified', real.tenantId, workflowId)).length);
    const rows = await ds.manager.findBy(ClarificationEntity, { workflowId });
    expect(rows.map((r) => [r.tenantId, r.status]).sort()).toEqual(
      [
        [intruder.tenantId, 'awaiting_answers'],
        [real.tenantId, 'clarified'],
      ].sort(),
    );
    const [request] = await ds.manager.findBy(GoalRequestEntity, { workflowId, tenantId: real.tenantId });
    expect(request.goal).toBe(real.data.goal);
  });

  it("another tenant's workflow.cancelled first: this tenant's workflow can still fail (once) and be cancelled", async () => {
    fake = new FakeOpenAiServer({
      script: (_purpose, _n, body) =>
        body.messages.some((m) => m.content.includes('DENY-ME'))
          ? { kind: 'status', status: 401 }
          : { kind: 'ok', content: analyzeGoalOffline({ goal: 'x', codebaseContext: null }) },
    });
    const baseURL = await fake.start();
    await boot({ OPENAI_API_KEY: 'test', OPENAI_BASE_URL: baseURL, OPENAI_MODEL: 'fake-model' });
    const cancelFirst = async (workflowId: string) => {
      const foreign = { tenantId: randomUUID(), workflowId, correlationId: 'x', causationId: null };
      await publisher.publish(createEvent('workflow.cancelled', foreign, { reason: 'not yours' }));
      await waitFor(
        'foreign cancel applied',
        async () =>
          (
            await ds.query(`SELECT 1 FROM clarifier.workflow_control WHERE tenant_id = $1 AND workflow_id = $2`, [
              foreign.tenantId,
              workflowId,
            ])
          ).length,
      );
    };

    // Fails: workflow.failed for the real tenant, exactly once.
    const failing = submit('DENY-ME: add SSO', true);
    await cancelFirst(failing.workflowId);
    await publisher.publish(failing);
    await waitFor(
      'workflow.failed',
      async () => (await ofTenant('workflow.failed', failing.tenantId, failing.workflowId)).length,
    );
    await sleep(800);
    expect(await probe.ofType('workflow.failed', failing.workflowId)).toHaveLength(1);

    // Cancels: the mark is the real tenant's, so a later goal.submitted is ignored.
    const cancelling = submit(prd('csv-export.md'), false);
    await cancelFirst(cancelling.workflowId);
    await publisher.publish(cancelling);
    await waitFor('analyzed', async () => (await probe.ofType('goal.analyzed', cancelling.workflowId)).length === 1);
    await publisher.publish(createEvent('workflow.cancelled', originOf(cancelling), { reason: 'changed our mind' }));
    const where = { tenantId: cancelling.tenantId, workflowId: cancelling.workflowId };
    await waitFor('clarification removed', async () => (await ds.manager.countBy(ClarificationEntity, where)) === 0);
    await publisher.publish({ ...cancelling, id: randomUUID() });
    await sleep(1_000);
    expect(await ds.manager.countBy(GoalRequestEntity, where)).toBe(0);
    expect(await ds.manager.countBy(ClarificationEntity, where)).toBe(0);
  });

  it('answers.submitted handled twice (a redelivery of the same envelope) applies once, through the inbox', async () => {
    await boot();
    const event = submit(prd('team-billing.md'), false);
    await publisher.publish(event);
    await waitFor('analyzed', async () => (await probe.ofType('goal.analyzed', event.workflowId)).length === 1);
    const answers = createEvent('answers.submitted', originOf(event), {
      answers: [{ questionId: 'Q1', answer: 'Only workspace owners' }],
    });
    const handler = app.get(SubmitAnswersConsumer);
    expect(await handler.onAnswersSubmitted(answers, ctx(1))).toEqual({ kind: 'done' });
    expect(await handler.onAnswersSubmitted(answers, ctx(2))).toEqual({
      kind: 'skipped',
      reason: 'answers already applied',
    });
    await waitFor('clarified', async () => (await probe.ofType('goal.clarified', event.workflowId)).length === 1);
    await sleep(800);
    expect(await probe.ofType('goal.clarified', event.workflowId)).toHaveLength(1);
  });

  it('answers that cannot apply are skipped; answers ahead of the analysis are retried with growing delays', async () => {
    await boot();
    const handler = app.get(SubmitAnswersConsumer);
    const answersFor = (origin: ReturnType<typeof originOf>) =>
      createEvent('answers.submitted', origin, { answers: [{ questionId: 'Q1', answer: 'yes' }] });

    // Cancelled: skipped, not retried (it would never apply).
    const cancelled = submit(prd('csv-export.md'), false);
    await publisher.publish(cancelled);
    await waitFor('analyzed', async () => (await probe.ofType('goal.analyzed', cancelled.workflowId)).length === 1);
    await publisher.publish(createEvent('workflow.cancelled', originOf(cancelled), { reason: 'stop' }));
    await waitFor(
      'cancelled',
      async () => (await ds.manager.countBy(ClarificationEntity, { workflowId: cancelled.workflowId })) === 0,
    );
    expect(await handler.onAnswersSubmitted(answersFor(originOf(cancelled)), ctx())).toMatchObject({
      kind: 'skipped',
      reason: 'workflow cancelled',
    });

    // Another tenant's workflow id: skipped.
    const owned = submit(prd('offline-notes.md'), false);
    await publisher.publish(owned);
    await waitFor('analyzed', async () => (await probe.ofType('goal.analyzed', owned.workflowId)).length === 1);
    const foreign = { ...originOf(owned), tenantId: randomUUID() };
    expect(await handler.onAnswersSubmitted(answersFor(foreign), ctx())).toMatchObject({ kind: 'skipped' });

    // The goal is stored but not analyzed yet: retried, later deliveries waiting longer.
    const early = { tenantId: randomUUID(), workflowId: randomUUID(), correlationId: 'c-early', causationId: null };
    await ds.manager.insert(GoalRequestEntity, {
      ...early,
      goal: 'Add a dark mode toggle',
      options: { autoAnswer: false, maxTickets: 30, priorityDistribution: 'balanced' },
      submittedEventId: randomUUID(),
    });
    const first = await handler.onAnswersSubmitted(answersFor(early), ctx(1));
    const fourth = await handler.onAnswersSubmitted(answersFor(early), ctx(4));
    expect(first).toMatchObject({ kind: 'retry' });
    expect(fourth).toMatchObject({ kind: 'retry' });
    const delay = (o: unknown) => (o as { delayMs: number }).delayMs;
    // EVENT_RETRY_BASE_MS is 100 here: 100·2^(n-1) ±20%.
    expect(delay(first)).toBeGreaterThanOrEqual(80);
    expect(delay(first)).toBeLessThanOrEqual(120);
    expect(delay(fourth)).toBeGreaterThanOrEqual(640);
    expect(delay(fourth)).toBeLessThanOrEqual(960);
  });

  it('a paid answer thrown away because the workflow was cancelled meanwhile is still in the token ledger', async () => {
    fake = new FakeOpenAiServer({
      latencyMs: 1_500,
      script: (_purpose, _n, body) => ({
        kind: 'ok',
        content: analyzeGoalOffline({ goal: body.messages[1].content, codebaseContext: null }),
      }),
    });
    const baseURL = await fake.start();
    await boot({ OPENAI_API_KEY: 'test', OPENAI_BASE_URL: baseURL, OPENAI_MODEL: 'fake-model' });
    const event = submit(prd('csv-export.md'), false);
    await publisher.publish(event);
    const queue = app.get(QueueFactory).queue(QUEUES.clarification);
    const id = jobId(event.tenantId, event.workflowId, 'clarification');
    await waitFor('job running', async () => (await (await queue.getJob(id))?.getState()) === 'active');
    await sleep(200);
    // Cancelled while the model is answering: the commit finds the mark and stores nothing.
    await publisher.publish(createEvent('workflow.cancelled', originOf(event), { reason: 'too slow' }));
    await waitFor('job done', async () => (await (await queue.getJob(id))?.getState()) === 'completed');
    expect((await queue.getJob(id))?.returnvalue).toBe('cancelled');
    expect(await ds.manager.countBy(ClarificationEntity, { workflowId: event.workflowId })).toBe(0);
    expect(await probe.ofType('goal.analyzed', event.workflowId)).toEqual([]);
    const ledger = await ds.query(
      `SELECT outcome, prompt_tokens AS "promptTokens", completion_tokens AS "completionTokens"
       FROM clarifier.token_usage WHERE tenant_id = $1 AND workflow_id = $2`,
      [event.tenantId, event.workflowId],
    );
    expect(fake.requests).toHaveLength(1);
    expect(ledger).toEqual([{ outcome: 'discarded', ...fake.totals() }]);
  });
});
