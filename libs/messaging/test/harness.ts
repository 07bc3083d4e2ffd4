import { randomUUID } from 'node:crypto';
import { deadLetterStream, type EventEnvelope, type EventType } from '@flowguard/contracts';
import { type Isolation } from '@flowguard/testing';
import { type JsMsg } from 'nats';
import {
  EventConsumer,
  EventPublisher,
  connectNats,
  createEvent,
  ensureStreams,
  DLQ_HEADERS,
  type ConsumerSettings,
  type EventHandlerFn,
  type NatsHandles,
} from '../src';

export const fastSettings: ConsumerSettings = {
  maxDeliver: 3,
  retryBaseMs: 100,
  retryMaxMs: 1_000,
  ackWaitMs: 2_000,
  concurrency: 8,
};

/** A NATS connection with the isolation's streams, plus helpers to publish and consume. */
export async function messagingHarness(iso: Isolation) {
  const opened: NatsHandles[] = [];
  const consumers: EventConsumer[] = [];
  const open = async () => {
    const h = await connectNats(iso.natsUrl, 'test');
    opened.push(h);
    return h;
  };
  const main = await open();
  await ensureStreams(main.jsm, iso.natsPrefix);
  const publisher = new EventPublisher(main.js, iso.natsPrefix);

  return {
    nats: main,
    publisher,
    open,
    async consume(
      type: EventType,
      handler: EventHandlerFn,
      settings: Partial<ConsumerSettings> = {},
      service = 'clarifier',
    ) {
      const h = await open();
      const consumer = new EventConsumer({
        js: h.js,
        jsm: h.jsm,
        prefix: iso.natsPrefix,
        service: service as 'clarifier',
        type,
        handler,
        settings: { ...fastSettings, ...settings },
      });
      await consumer.start();
      consumers.push(consumer);
      return consumer;
    },
    /** Every dead letter so far: the original bytes and the reason header. */
    async deadLetters(): Promise<{ reason: string; deliveries: number; body: string }[]> {
      const stream = deadLetterStream(iso.natsPrefix);
      const info = await main.jsm.streams.info(stream);
      const out: { reason: string; deliveries: number; body: string }[] = [];
      for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
        const m = await main.jsm.streams.getMessage(stream, { seq });
        out.push({
          reason: m.header.get(DLQ_HEADERS.reason),
          deliveries: Number(m.header.get(DLQ_HEADERS.deliveries)),
          body: new TextDecoder().decode(m.data),
        });
      }
      return out;
    },
    async close() {
      await Promise.all(consumers.map((c) => c.stop(1_000)));
      await Promise.all(opened.map((h) => h.nc.close()));
    },
  };
}

export function goalSubmitted(overrides: Partial<EventEnvelope> = {}, goal = 'Build a todo app'): EventEnvelope {
  const event = createEvent(
    'goal.submitted',
    { tenantId: randomUUID(), workflowId: randomUUID(), correlationId: randomUUID(), causationId: null },
    {
      goal,
      options: { autoAnswer: true, maxTickets: 20, priorityDistribution: 'balanced' },
    },
  );
  return { ...event, ...overrides };
}

export type { JsMsg };
