import type { EventEnvelope, WorkflowResponse } from '@flowguard/contracts';
import { ApiError, type ApiClient } from './api-client';
import { CliError } from './errors';

/** One server-sent event: `id` is the event log's seq, `event` the type, `data` the envelope. */
export interface StreamEvent {
  id?: string;
  event: string;
  envelope: EventEnvelope;
}

/** Parses a text/event-stream body into events (comments and heartbeats are dropped). */
export async function* parseEventStream(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let pending: { id?: string; event?: string; data?: string } = {};
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buf += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buf.search(/\r\n|\r|\n/)) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + (buf.startsWith('\r\n', nl) ? 2 : 1));
        if (line === '') {
          if (pending.data !== undefined) {
            const envelope = JSON.parse(pending.data) as EventEnvelope;
            yield { id: pending.id, event: pending.event ?? envelope.type, envelope };
          }
          pending = {};
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') pending.data = pending.data === undefined ? value : `${pending.data}\n${value}`;
        else if (field === 'id') pending.id = value;
        else if (field === 'event') pending.event = value;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

export const FINAL_STATUSES: ReadonlySet<WorkflowResponse['status']> = new Set(['completed', 'failed', 'cancelled']);

/**
 * Every event of one workflow, from the start (or after `lastEventId`) until it finishes.
 * The gateway ends the stream after the finishing event; a stream that drops earlier
 * (a gateway restart, a network blip) is reopened with Last-Event-ID, so nothing is missed
 * or seen twice. Gives up after `maxRetries` reconnects in a row without an event.
 */
export async function* followWorkflow(
  client: ApiClient,
  workflowId: string,
  { lastEventId, maxRetries = 8, signal }: { lastEventId?: string; maxRetries?: number; signal?: AbortSignal } = {},
): AsyncGenerator<StreamEvent> {
  let cursor = lastEventId;
  let failures = 0;
  for (;;) {
    const abort = new AbortController();
    const onAbort = () => abort.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let received = 0;
    let lastError: unknown;
    try {
      const res = await client.openStream(
        `/v1/workflows/${encodeURIComponent(workflowId)}/events`,
        cursor ? { 'last-event-id': cursor } : {},
        abort.signal,
      );
      for await (const ev of parseEventStream(res.body!)) {
        received++;
        if (ev.id) cursor = ev.id;
        yield ev;
      }
    } catch (err) {
      if (signal?.aborted) return;
      // 4xx (unknown workflow, bad key) will not get better by retrying.
      if (err instanceof ApiError && err.status < 500) throw err;
      lastError = err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      abort.abort();
    }
    if (signal?.aborted) return;
    // The stream ended: finished, or dropped early. Only the workflow's state can tell.
    const workflow = await client.getWorkflow(workflowId);
    if (FINAL_STATUSES.has(workflow.status)) return;
    failures = received > 0 ? 0 : failures + 1;
    if (failures > maxRetries) {
      if (lastError instanceof CliError) throw lastError;
      throw new CliError(`the event stream of workflow ${workflowId} keeps closing (it is ${workflow.status})`, 3);
    }
    await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** failures, 5_000)));
  }
}
