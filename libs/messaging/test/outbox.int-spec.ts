import path from 'node:path';
import { eventsStream } from '@flowguard/contracts';
import { createIsolation, sleep, spawnNode, waitFor, type Isolation } from '@flowguard/testing';
import type { DataSource } from 'typeorm';
import { EventTransaction, OutboxRelay } from '../src';
import { SCHEMA, openTestDataSource } from './db-harness';
import { goalSubmitted, messagingHarness } from './harness';

jest.setTimeout(60_000);

describe('transactional outbox and inbox on real Postgres and JetStream', () => {
  let iso: Isolation;
  let h: Awaited<ReturnType<typeof messagingHarness>>;
  let ds: DataSource;
  let relay: OutboxRelay;
  let tx: EventTransaction;

  const streamCount = async () => (await h.nats.jsm.streams.info(eventsStream(iso.natsPrefix))).state.messages;
  const artifacts = async (id: string) =>
    Number((await ds.query(`SELECT count(*) AS n FROM ${SCHEMA}.artifact WHERE id = $1`, [id]))[0].n);
  const outboxRow = async (id: string) =>
    (await ds.query(`SELECT published_at FROM ${SCHEMA}.outbox WHERE id = $1`, [id]))[0] as
      { published_at: Date | null } | undefined;

  beforeEach(async () => {
    iso = await createIsolation('outbox');
    h = await messagingHarness(iso);
    ds = await openTestDataSource(iso);
    relay = new OutboxRelay(ds, h.publisher, { sweepMs: 60_000 });
    tx = new EventTransaction(ds, relay);
  });
  afterEach(async () => {
    await relay.stop();
    await ds.destroy();
    await h.close();
    await iso.cleanup();
  });

  it('commits the artifact and its event together and publishes right after commit', async () => {
    relay.start();
    const received: string[] = [];
    await h.consume('goal.submitted', (e) => void received.push(e.id));
    const event = goalSubmitted();
    await tx.run(async ({ manager, emit }) => {
      await manager.query(`INSERT INTO ${SCHEMA}.artifact (id, body) VALUES ($1, 'spec')`, [event.workflowId]);
      await emit(event);
    });
    expect(await artifacts(event.workflowId)).toBe(1);
    // The sweep is a minute away: only the post-commit kick can deliver this quickly.
    await waitFor('event consumed', () => received.includes(event.id), { timeoutMs: 3_000 });
    await waitFor('row marked', async () => (await outboxRow(event.id))?.published_at != null);
  });

  it('publishes nothing when the transaction rolls back', async () => {
    relay.start();
    const event = goalSubmitted();
    await expect(
      tx.run(async ({ manager, emit }) => {
        await manager.query(`INSERT INTO ${SCHEMA}.artifact (id, body) VALUES ($1, 'spec')`, [event.workflowId]);
        await emit(event);
        throw new Error('validation failed after writing');
      }),
    ).rejects.toThrow('validation failed after writing');
    await relay.flush();
    await sleep(300);
    expect(await artifacts(event.workflowId)).toBe(0);
    expect(await outboxRow(event.id)).toBeUndefined();
    expect(await streamCount()).toBe(0);
  });

  it('still publishes after a writer is killed between commit and publish', async () => {
    const event = goalSubmitted();
    const child = spawnNode(path.join(__dirname, 'fixtures/commit-then-die.cjs'), [], {
      ...iso.env,
      SCHEMA,
      EVENT_JSON: JSON.stringify(event),
    });
    expect(await child.exited).toBe('SIGKILL');
    expect(await artifacts(event.workflowId)).toBe(1);
    expect((await outboxRow(event.id))?.published_at).toBeNull();
    expect(await streamCount()).toBe(0);

    relay.start(); // the restarted relay's first pass picks up the leftover row
    await waitFor('leftover published', async () => (await streamCount()) === 1);
    await waitFor('row marked', async () => (await outboxRow(event.id))?.published_at != null);
  });

  it('applies an event delivered twice once (inbox in the same transaction)', async () => {
    const event = goalSubmitted();
    const effect = async ({ manager }: { manager: DataSource['manager'] }) => {
      await manager.query(`INSERT INTO ${SCHEMA}.artifact (id, body) VALUES (gen_random_uuid(), $1)`, [event.id]);
      return 'written';
    };
    const first = await tx.once('spec-gen_goal_clarified', event, effect);
    const again = await tx.once('spec-gen_goal_clarified', event, effect);
    const concurrent = await Promise.all([1, 2, 3].map(() => tx.once('spec-gen_goal_clarified', event, effect)));
    expect(first).toEqual({ applied: true, value: 'written' });
    expect(again).toEqual({ applied: false });
    expect(concurrent.every((r) => !r.applied)).toBe(true);
    const rows = await ds.query(`SELECT count(*) AS n FROM ${SCHEMA}.artifact WHERE body = $1`, [event.id]);
    expect(Number(rows[0].n)).toBe(1);
    // Another consumer of the same event has its own inbox entry.
    expect((await tx.once('gateway_goal_clarified', event, effect)).applied).toBe(true);
  });

  it('a failed effect leaves no inbox row, so the redelivery applies it', async () => {
    const event = goalSubmitted();
    await expect(
      tx.once('c', event, async () => {
        throw new Error('db hiccup');
      }),
    ).rejects.toThrow('db hiccup');
    expect((await tx.once('c', event, async () => 'ok')).applied).toBe(true);
  });
});
