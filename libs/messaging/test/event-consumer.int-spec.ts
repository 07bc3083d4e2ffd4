import { eventSubject } from '@flowguard/contracts';
import { createIsolation, sleep, waitFor, type Isolation } from '@flowguard/testing';
import { Outcome, type EventContext } from '../src';
import { goalSubmitted, messagingHarness } from './harness';

jest.setTimeout(60_000);

describe('EventConsumer against a real JetStream', () => {
  let iso: Isolation;
  let h: Awaited<ReturnType<typeof messagingHarness>>;

  beforeEach(async () => {
    iso = await createIsolation('consumer');
    h = await messagingHarness(iso);
  });
  afterEach(async () => {
    await h.close();
    await iso.cleanup();
  });

  it('delivers a published event to the durable consumer, parsed, and acks it', async () => {
    const seen: string[] = [];
    await h.consume('goal.submitted', (event) => {
      seen.push((event.data as { goal: string }).goal);
      return Outcome.done();
    });
    const event = goalSubmitted({}, 'Ship the billing page');
    await h.publisher.publish(event);
    await waitFor('handled', () => seen.length === 1);
    const consumers = await h.nats.jsm.consumers.list(`${iso.natsPrefix.toUpperCase()}_EVENTS`).next();
    await waitFor('ack recorded', async () => {
      const info = await h.nats.jsm.consumers.info(`${iso.natsPrefix.toUpperCase()}_EVENTS`, consumers[0].name);
      return info.num_ack_pending === 0 && info.num_pending === 0 && info.delivered.consumer_seq === 1;
    });
    expect(seen).toEqual(['Ship the billing page']);
  });

  it('handles an event published twice with the same id once (Nats-Msg-Id dedupe)', async () => {
    const seen: string[] = [];
    await h.consume('goal.submitted', (event) => void seen.push(event.id));
    const event = goalSubmitted();
    const first = await h.publisher.publish(event);
    const second = await h.publisher.publish(event);
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    const other = goalSubmitted();
    await h.publisher.publish(other);
    await waitFor('both distinct events', () => seen.length === 2);
    await sleep(300);
    expect(seen.sort()).toEqual([event.id, other.id].sort());
  });

  it('redelivers a throwing handler with growing delays, then dead-letters it with the reason', async () => {
    const deliveries: { at: number; ctx: EventContext }[] = [];
    await h.consume(
      'goal.submitted',
      (_event, ctx) => {
        deliveries.push({ at: Date.now(), ctx });
        throw new Error('LLM said no');
      },
      { maxDeliver: 4, retryBaseMs: 200, retryMaxMs: 5_000 },
    );
    const event = goalSubmitted();
    await h.publisher.publish(event);
    await waitFor('dead letter', async () => (await h.deadLetters()).length === 1, { timeoutMs: 20_000 });
    expect(deliveries.map((d) => d.ctx.delivery)).toEqual([1, 2, 3, 4]);
    const gaps = deliveries.slice(1).map((d, i) => d.at - deliveries[i].at);
    // base 200 ms doubling with ±20% jitter: ≥160, ≥320, ≥640
    expect(gaps[0]).toBeGreaterThanOrEqual(150);
    expect(gaps[1]).toBeGreaterThanOrEqual(300);
    expect(gaps[2]).toBeGreaterThanOrEqual(600);
    expect(gaps[2]).toBeGreaterThan(gaps[0]);
    const [dead] = await h.deadLetters();
    expect(dead.reason).toBe('failed after 4 deliveries: LLM said no');
    expect(dead.deliveries).toBe(4);
    expect(JSON.parse(dead.body).id).toBe(event.id);
    await sleep(500);
    expect(deliveries).toHaveLength(4);
  });

  it('dead-letters a handler-declared fatal outcome at once', async () => {
    let calls = 0;
    await h.consume('goal.submitted', () => {
      calls += 1;
      return Outcome.deadLetter('tenant does not exist');
    });
    await h.publisher.publish(goalSubmitted());
    await waitFor('dead letter', async () => (await h.deadLetters()).length === 1);
    expect(calls).toBe(1);
    expect((await h.deadLetters())[0].reason).toBe('tenant does not exist');
  });

  it('dead-letters malformed events with the validation message and goes on with the next', async () => {
    const seen: string[] = [];
    await h.consume('goal.submitted', (event) => void seen.push(event.id));
    const subject = eventSubject(iso.natsPrefix, 'goal.submitted');
    const enc = new TextEncoder();
    await h.nats.js.publish(subject, enc.encode('{not json'));
    const bad = goalSubmitted();
    (bad.data as { goal: string }).goal = '';
    await h.nats.js.publish(subject, enc.encode(JSON.stringify(bad)), { msgID: bad.id });
    const noTenant = { ...goalSubmitted(), tenantId: 'nope' };
    await h.nats.js.publish(subject, enc.encode(JSON.stringify(noTenant)), { msgID: noTenant.id });
    const good = goalSubmitted();
    await h.publisher.publish(good);

    await waitFor('good event handled', () => seen.includes(good.id));
    await waitFor('three dead letters', async () => (await h.deadLetters()).length === 3);
    const reasons = (await h.deadLetters()).map((d) => d.reason);
    expect(reasons[0]).toMatch(/^malformed JSON/);
    expect(reasons[1]).toMatch(/^invalid goal.submitted data: .*goal/);
    expect(reasons[2]).toMatch(/^invalid envelope: .*tenantId/);
    expect(seen).toEqual([good.id]);
  });

  it('splits a stream between two replicas of one durable: none missed, none handled twice', async () => {
    const handledBy = new Map<string, string[]>();
    const handler = (replica: string) => async (event: { id: string }) => {
      handledBy.set(event.id, [...(handledBy.get(event.id) ?? []), replica]);
      await sleep(2); // a little work, so both replicas get a share
    };
    await h.consume('goal.submitted', handler('a'), { concurrency: 4 });
    await h.consume('goal.submitted', handler('b'), { concurrency: 4 });
    const events = Array.from({ length: 400 }, () => goalSubmitted());
    await Promise.all(events.map((e) => h.publisher.publish(e)));
    await waitFor('all handled', () => handledBy.size === events.length, { timeoutMs: 30_000 });
    await sleep(500);
    const doubled = [...handledBy.values()].filter((r) => r.length > 1);
    expect(doubled).toEqual([]);
    const counts = { a: 0, b: 0 };
    for (const [replica] of handledBy.values()) counts[replica as 'a' | 'b'] += 1;
    expect(counts.a + counts.b).toBe(400);
    expect(counts.a).toBeGreaterThan(0);
    expect(counts.b).toBeGreaterThan(0);
  });
});
