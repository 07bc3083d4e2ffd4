import { deadLetterSubject } from '@flowguard/contracts';
import { headers, type JetStreamClient, type JsMsg } from 'nats';

export const DLQ_HEADERS = {
  reason: 'Fg-Dlq-Reason',
  consumer: 'Fg-Dlq-Consumer',
  subject: 'Fg-Dlq-Subject',
  deliveries: 'Fg-Dlq-Deliveries',
  streamSeq: 'Fg-Dlq-Stream-Seq',
  at: 'Fg-Dlq-At',
} as const;

/** Header values must stay on one line and reasonably small. */
function headerValue(value: string): string {
  return value.replace(/[\r\n]+/g, ' | ').slice(0, 4_000);
}

/**
 * Copies the original event bytes, untouched, to the dead-letter stream with the reason in
 * headers. Awaits the PubAck: the caller terms the original only once the copy is stored.
 */
export async function deadLetter(
  js: JetStreamClient,
  prefix: string,
  consumer: string,
  msg: JsMsg,
  reason: string,
): Promise<void> {
  const h = headers();
  h.set(DLQ_HEADERS.reason, headerValue(reason));
  h.set(DLQ_HEADERS.consumer, consumer);
  h.set(DLQ_HEADERS.subject, msg.subject);
  h.set(DLQ_HEADERS.deliveries, String(msg.info.redeliveryCount));
  h.set(DLQ_HEADERS.streamSeq, String(msg.info.streamSequence));
  h.set(DLQ_HEADERS.at, new Date().toISOString());
  await js.publish(deadLetterSubject(prefix, consumer), msg.data, {
    headers: h,
    // One dead letter per original message and consumer, even if we crash after publishing.
    msgID: `${consumer}:${msg.info.streamSequence}`,
  });
}
