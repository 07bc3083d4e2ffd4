import { eventSubject, type EventEnvelope } from '@flowguard/contracts';
import type { JetStreamClient, PubAck } from 'nats';

/**
 * Publishes envelopes to JetStream with `Nats-Msg-Id` = event id, so a re-publish inside the
 * dedupe window is dropped by the server. Services publish through the outbox; this is the
 * relay's (and tests') way out.
 */
export class EventPublisher {
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly js: JetStreamClient,
    private readonly prefix: string,
  ) {}

  publish(envelope: EventEnvelope, timeoutMs = 5_000): Promise<PubAck> {
    return this.js.publish(eventSubject(this.prefix, envelope.type), this.encoder.encode(JSON.stringify(envelope)), {
      msgID: envelope.id,
      timeout: timeoutMs,
    });
  }
}
