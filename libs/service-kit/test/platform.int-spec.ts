import { Injectable, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig, serviceConfigSchema } from '@flowguard/config';
import { eventsStream, type EventEnvelope, type EventType } from '@flowguard/contracts';
import {
  EventPublisher,
  EventTransaction,
  HandlesEvent,
  HandlesQuery,
  QueryError,
  requestQuery,
  NATS_HANDLES,
  Outcome,
  causedBy,
  createEvent,
  type EventContext,
  type NatsHandles,
} from '@flowguard/messaging';
import { createIsolation, sleep, waitFor, type Isolation } from '@flowguard/testing';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { z } from 'zod';
import { PlatformModule } from '../src';

jest.setTimeout(60_000);

/** Builds the schema from the entities: this lib has no committed migrations of its own. */
class BuildFromEntities1700000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const log = await queryRunner.connection.driver.createSchemaBuilder().log();
    for (const q of log.upQueries) await queryRunner.query(q.query, q.parameters);
  }
  async down(): Promise<void> {}
}

@Injectable()
class GoalHandler {
  effects = 0;
  constructor(private readonly tx: EventTransaction) {}

  @HandlesEvent('goal.submitted')
  async onGoalSubmitted(event: EventEnvelope<{ goal: string }>, ctx: EventContext) {
    const result = await this.tx.once(ctx.consumer, event, async ({ emit }) => {
      this.effects += 1;
      await emit(
        createEvent('goal.analyzed', causedBy(event), {
          restated: { goal: event.data.goal, scope: 'all of it', context: 'greenfield' },
          complexity: 'small',
          conflictRisk: { level: 'low', reasons: [] },
          questions: [],
          autoAnswer: true,
        }),
      );
    });
    return result.applied ? Outcome.done() : Outcome.skipped('already applied');
  }
}

@Injectable()
class EchoQueries {
  @HandlesQuery('echo')
  async echo(payload: unknown) {
    const { text } = payload as { text: string };
    if (text === 'nope') throw new QueryError('not_found', 'no such thing');
    return { text: text.toUpperCase() };
  }
}

@Injectable()
class DuplicateGoalHandler {
  @HandlesEvent('goal.submitted')
  async again() {}
}

function appModule(iso: Isolation, subscriptions: EventType[], providers: unknown[]): DynamicModule {
  const config = loadConfig(serviceConfigSchema(0), { ...iso.env, LOG_LEVEL: 'silent', EVENT_RETRY_BASE_MS: '50' });
  @Module({})
  class TestAppModule {}
  return {
    module: TestAppModule,
    imports: [
      PlatformModule.forService({
        service: 'clarifier',
        config,
        entities: [],
        migrations: [BuildFromEntities1700000000000],
        subscriptions,
      }),
    ],
    providers: providers as never[],
  };
}

describe('PlatformModule: a Nest service on real Postgres, Redis and NATS', () => {
  let iso: Isolation;
  let app: INestApplication | undefined;

  beforeEach(async () => {
    iso = await createIsolation('platform');
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await iso.cleanup();
  });

  async function boot(subscriptions: EventType[], providers: unknown[]) {
    const moduleRef = await Test.createTestingModule({ imports: [appModule(iso, subscriptions, providers)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    return app;
  }

  it('routes an event to its @HandlesEvent method; delivered twice, one effect and one follow-up event', async () => {
    const nest = await boot(['goal.submitted'], [GoalHandler]);
    const handler = nest.get(GoalHandler);
    const nats = nest.get<NatsHandles>(NATS_HANDLES);
    const publisher = nest.get(EventPublisher);
    const event = createEvent(
      'goal.submitted',
      { tenantId: crypto.randomUUID(), workflowId: crypto.randomUUID(), correlationId: 'c-1', causationId: null },
      { goal: 'Add SSO', options: { autoAnswer: true, maxTickets: 10, priorityDistribution: 'balanced' } },
    );
    await publisher.publish(event);
    // A redelivery the server cannot dedupe (e.g. after the dedupe window): same event, new message.
    await nats.js.publish(`${iso.natsPrefix}.evt.goal.submitted`, new TextEncoder().encode(JSON.stringify(event)));

    const stream = eventsStream(iso.natsPrefix);
    await waitFor('goal.analyzed published', async () => (await nats.jsm.streams.info(stream)).state.messages === 3);
    await sleep(500);
    expect(handler.effects).toBe(1);
    const analyzed = await nats.jsm.streams.getMessage(stream, { last_by_subj: `${iso.natsPrefix}.evt.goal.analyzed` });
    const body = JSON.parse(new TextDecoder().decode(analyzed.data));
    expect(body).toMatchObject({ type: 'goal.analyzed', causationId: event.id, correlationId: 'c-1' });
    expect((await nats.jsm.streams.info(stream)).state.messages).toBe(3);
  });

  it('answers @HandlesQuery requests over NATS request/reply, refusals included', async () => {
    const nest = await boot([], [EchoQueries]);
    const nats = nest.get<NatsHandles>(NATS_HANDLES);
    const schema = z.object({ text: z.string() });
    await expect(requestQuery(nats.nc, iso.natsPrefix, 'clarifier', 'echo', { text: 'hi' }, schema)).resolves.toEqual({
      text: 'HI',
    });
    await expect(
      requestQuery(nats.nc, iso.natsPrefix, 'clarifier', 'echo', { text: 'nope' }, schema),
    ).rejects.toMatchObject({
      code: 'not_found',
      message: 'no such thing',
    });
  });

  it('refuses to start when one event has two handlers', async () => {
    await expect(boot(['goal.submitted'], [GoalHandler, DuplicateGoalHandler])).rejects.toThrow(
      /"goal.submitted" has 2 handlers: GoalHandler.onGoalSubmitted, DuplicateGoalHandler.again/,
    );
  });

  it('refuses to start when a subscription has no handler', async () => {
    await expect(boot(['goal.submitted', 'answers.submitted'], [GoalHandler])).rejects.toThrow(
      /subscription "answers.submitted" has no handler/,
    );
  });
});
