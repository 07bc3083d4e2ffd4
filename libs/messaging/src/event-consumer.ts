import {
  EVENT_CATALOG,
  EventEnvelope,
  durableName,
  eventSubject,
  eventsStream,
  type EventType,
} from '@flowguard/contracts';
import { runWithLogContext, currentLogger } from '@flowguard/logging';
import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from 'nats';
import { z } from 'zod';
import { deadLetter } from './dead-letter';
import { backoffDelay, type HandlerOutcome } from './outcome';
import { isNotFound } from './streams';

export interface EventContext {
  /** 1 on first delivery, 2 on the first redelivery, … */
  delivery: number;
  subject: string;
  /** The durable consumer name; also the inbox key for this subscription. */
  consumer: string;
}

export type EventHandlerFn = (
  event: EventEnvelope,
  ctx: EventContext,
) => Promise<HandlerOutcome | void> | HandlerOutcome | void;

export interface ConsumerSettings {
  maxDeliver: number;
  retryBaseMs: number;
  retryMaxMs: number;
  ackWaitMs: number;
  concurrency: number;
}

export interface EventConsumerOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  prefix: string;
  service: string;
  type: EventType;
  handler: EventHandlerFn;
  settings: ConsumerSettings;
}

const decoder = new TextDecoder();

/**
 * One durable pull consumer for one (service, event type). Replicas of a service share the
 * durable, so JetStream splits the stream between them. Handling is bounded-concurrent;
 * every message ends acked, nak'ed with a delay, or dead-lettered and termed.
 */
export class EventConsumer {
  readonly durable: string;
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private slotFreed?: () => void;

  constructor(private readonly options: EventConsumerOptions) {
    this.durable = durableName(options.prefix, options.service, options.type);
  }

  async start(): Promise<void> {
    const { jsm, js, prefix, type, settings } = this.options;
    const stream = eventsStream(prefix);
    const config: Partial<ConsumerConfig> = {
      durable_name: this.durable,
      filter_subject: eventSubject(prefix, type),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: settings.ackWaitMs * 1_000_000,
      // The bound on deliveries is enforced here, where a dead letter can be written;
      // the server's max_deliver would silently stop delivering instead.
      max_deliver: -1,
      max_ack_pending: Math.max(1_000, settings.concurrency * 4),
    };
    try {
      await jsm.consumers.info(stream, this.durable);
      await jsm.consumers.update(stream, this.durable, {
        ack_wait: config.ack_wait,
        max_ack_pending: config.max_ack_pending,
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await jsm.consumers.add(stream, config);
    }
    const consumer = await js.consumers.get(stream, this.durable);
    this.messages = await consumer.consume({ max_messages: settings.concurrency * 2 });
    this.loop = this.pump(this.messages);
  }

  private async pump(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      while (this.inFlight.size >= this.options.settings.concurrency) {
        await new Promise<void>((resolve) => (this.slotFreed = resolve));
      }
      const task = this.process(msg).finally(() => {
        this.inFlight.delete(task);
        this.slotFreed?.();
      });
      this.inFlight.add(task);
    }
  }

  /** Stops pulling, then waits for handlers in flight (up to `graceMs`); un-acked messages are redelivered. */
  async stop(graceMs = 20_000): Promise<void> {
    if (!this.messages) return;
    const messages = this.messages;
    this.messages = undefined;
    await messages.close().catch(() => undefined);
    await this.loop?.catch(() => undefined);
    const drained = Promise.allSettled([...this.inFlight]);
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
  }

  private async process(msg: JsMsg): Promise<void> {
    const delivery = msg.info.redeliveryCount;
    const parsed = this.parse(msg);
    if (!parsed.ok) return this.toDeadLetter(msg, parsed.reason);
    const event = parsed.event;
    const bindings = {
      tenantId: event.tenantId,
      workflowId: event.workflowId,
      correlationId: event.correlationId,
      eventId: event.id,
      eventType: event.type,
      consumer: this.durable,
      delivery,
    };
    await runWithLogContext(bindings, async () => {
      const { maxDeliver } = this.options.settings;
      if (delivery > maxDeliver) {
        // Earlier deliveries crashed or timed out without an outcome.
        return this.toDeadLetter(msg, `gave up after ${delivery - 1} deliveries without an outcome`);
      }
      const outcome = await this.invoke(msg, event, delivery);
      await this.settle(msg, outcome, delivery);
    });
  }

  private parse(msg: JsMsg): { ok: true; event: EventEnvelope } | { ok: false; reason: string } {
    let json: unknown;
    try {
      json = JSON.parse(decoder.decode(msg.data));
    } catch (err) {
      return { ok: false, reason: `malformed JSON: ${(err as Error).message}` };
    }
    const envelope = EventEnvelope.safeParse(json);
    if (!envelope.success) return { ok: false, reason: `invalid envelope: ${z.prettifyError(envelope.error)}` };
    const event = envelope.data;
    if (event.type !== this.options.type) {
      return { ok: false, reason: `event type ${event.type} arrived on the ${this.options.type} subscription` };
    }
    const definition = EVENT_CATALOG[this.options.type];
    if (event.version !== definition.version) {
      return {
        ok: false,
        reason: `unsupported version ${event.version} of ${event.type} (accepts ${definition.version})`,
      };
    }
    const data = definition.schema.safeParse(event.data);
    if (!data.success) return { ok: false, reason: `invalid ${event.type} data: ${z.prettifyError(data.error)}` };
    return { ok: true, event: { ...event, data: data.data } };
  }

  private async invoke(msg: JsMsg, event: EventEnvelope, delivery: number): Promise<HandlerOutcome> {
    // Keep the message ours while a slow handler runs; a killed process stops the heartbeat
    // and JetStream redelivers after ack_wait.
    const heartbeat = setInterval(() => msg.working(), Math.max(500, this.options.settings.ackWaitMs / 3));
    try {
      const result = await this.options.handler(event, { delivery, subject: msg.subject, consumer: this.durable });
      return result ?? { kind: 'done' };
    } catch (err) {
      currentLogger().warn({ err }, 'event handler threw');
      return { kind: 'retry', reason: (err as Error)?.message ?? String(err) };
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async settle(msg: JsMsg, outcome: HandlerOutcome, delivery: number): Promise<void> {
    const log = currentLogger();
    switch (outcome.kind) {
      case 'done':
        msg.ack();
        log.debug('event handled');
        return;
      case 'skipped':
        msg.ack();
        log.info({ reason: outcome.reason }, 'event skipped');
        return;
      case 'dead-letter':
        return this.toDeadLetter(msg, outcome.reason);
      case 'retry': {
        const { maxDeliver, retryBaseMs, retryMaxMs } = this.options.settings;
        if (delivery >= maxDeliver) {
          return this.toDeadLetter(msg, `failed after ${delivery} deliveries: ${outcome.reason}`);
        }
        const delay = outcome.delayMs ?? backoffDelay(delivery, retryBaseMs, retryMaxMs);
        log.warn({ reason: outcome.reason, delayMs: delay }, 'event will be redelivered');
        msg.nak(delay);
        return;
      }
    }
  }

  private async toDeadLetter(msg: JsMsg, reason: string): Promise<void> {
    try {
      await deadLetter(this.options.js, this.options.prefix, this.durable, msg, reason);
      msg.term();
      currentLogger().error({ reason, streamSeq: msg.info.streamSequence }, 'event dead-lettered');
    } catch (err) {
      // Never drop an event we could not park: leave it to be redelivered.
      currentLogger().error({ err, reason }, 'dead-lettering failed; will retry');
      msg.nak(this.options.settings.retryBaseMs);
    }
  }
}
