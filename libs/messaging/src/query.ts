import { SetMetadata } from '@nestjs/common';
import { querySubject } from '@flowguard/contracts';
import type { NatsConnection } from 'nats';
import type { z } from 'zod';

export const HANDLES_QUERY = Symbol('flowguard:handles-query');

/** Query names a service answers over core NATS request/reply (reads and commands, not events). */
export const HandlesQuery = (name: string) => SetMetadata(HANDLES_QUERY, name);

export type QueryReply<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** A refusal the caller should see as-is (not found, invalid transition, …). */
export class QueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Asks `service` a query and validates the answer's data with `schema`. Replicas share a
 * queue group, so exactly one answers. A refusal becomes a QueryError with its code.
 */
export async function requestQuery<T>(
  nc: NatsConnection,
  prefix: string,
  service: string,
  name: string,
  payload: unknown,
  schema: z.ZodType<T>,
  timeoutMs = 5_000,
): Promise<T> {
  const msg = await nc.request(querySubject(prefix, service, name), encoder.encode(JSON.stringify(payload)), {
    timeout: timeoutMs,
  });
  const reply = JSON.parse(decoder.decode(msg.data)) as QueryReply<unknown>;
  if (!reply.ok) throw new QueryError(reply.error.code, reply.error.message);
  return schema.parse(reply.data);
}

/** Serves one query: parses the request JSON, runs the handler, replies ok/error. */
export function serveQuery(
  nc: NatsConnection,
  prefix: string,
  service: string,
  name: string,
  handler: (payload: unknown) => Promise<unknown>,
): { stop(): Promise<void> } {
  const sub = nc.subscribe(querySubject(prefix, service, name), { queue: service });
  const running = (async () => {
    for await (const msg of sub) {
      let reply: QueryReply<unknown>;
      try {
        reply = { ok: true, data: await handler(JSON.parse(decoder.decode(msg.data))) };
      } catch (err) {
        reply =
          err instanceof QueryError
            ? { ok: false, error: { code: err.code, message: err.message } }
            : { ok: false, error: { code: 'internal', message: (err as Error)?.message ?? String(err) } };
      }
      msg.respond(encoder.encode(JSON.stringify(reply)));
    }
  })();
  return {
    async stop() {
      await sub.drain().catch(() => undefined);
      await running.catch(() => undefined);
    },
  };
}
