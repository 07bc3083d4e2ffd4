import path from 'node:path';
import { createIsolation, spawnNode, waitFor, type Isolation } from '@flowguard/testing';
import { goalSubmitted, messagingHarness } from './harness';

jest.setTimeout(60_000);

describe('a consumer process killed before it acks', () => {
  let iso: Isolation;
  let h: Awaited<ReturnType<typeof messagingHarness>>;

  beforeAll(async () => {
    iso = await createIsolation('crash');
    h = await messagingHarness(iso);
  });
  afterAll(async () => {
    await h.close();
    await iso.cleanup();
  });

  it('gets the message again after SIGKILL and a restart', async () => {
    const child = spawnNode(path.join(__dirname, 'fixtures/hanging-consumer.cjs'), [], iso.env);
    await child.waitForLine(/^ready$/);
    const event = goalSubmitted();
    await h.publisher.publish(event);
    await child.waitForLine(new RegExp(`received ${event.id}`));
    child.kill('SIGKILL');
    expect(await child.exited).toBe('SIGKILL');

    // The "restarted" replica: same durable (same service and event type).
    const redelivered: number[] = [];
    await h.consume('goal.submitted', (e, ctx) => {
      if (e.id === event.id) redelivered.push(ctx.delivery);
    });
    await waitFor('redelivery after ack_wait', () => redelivered.length === 1, { timeoutMs: 15_000 });
    expect(redelivered).toEqual([2]);
  });
});
