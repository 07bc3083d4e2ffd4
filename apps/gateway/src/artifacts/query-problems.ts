import { QueryError } from '@flowguard/messaging';
import { NatsError } from 'nats';
import { ProblemException } from '../http/problem';

/** The services the gateway asks over NATS request/reply. */
export type QueryService = 'clarifier' | 'spec-gen' | 'ticket-gen' | 'handoff';

/** Refusal codes that mean "not in this state": 409 with the service's reason and code. */
const CONFLICT_CODES = new Set(['conflict', 'invalid_transition', 'blocked', 'children_open']);

/** Codes that mean the request (or a template in it) is invalid: 400 naming the fields. */
const INVALID_CODES = new Set(['invalid_request', 'invalid_template']);

export interface ProblemContext {
  /** The field a message that names none is about (a template's `source`, the `(body)`). */
  field?: string;
}

const PATH = /^[A-Za-z_][\w-]*(\.[\w-]+)*$/;

/**
 * A service's refusal message split into fields: `a.b: message; c: other` (zod paths first);
 * a part naming no field is put on `fallback`. ticket-gen prefixes template refusals with
 * "invalid ticket template: ".
 */
export function messageFields(message: string, fallback: string): { field: string; message: string }[] {
  const text = message.replace(/^invalid ticket template:\s*/, '');
  return text
    .split('; ')
    .filter((part) => part.trim().length > 0)
    .map((part) => {
      const at = part.indexOf(': ');
      const field = at > 0 ? part.slice(0, at) : '';
      return PATH.test(field) || field === '(root)'
        ? { field, message: part.slice(at + 2) }
        : { field: fallback, message: part };
    });
}

/** True for a request nobody answered: no responders, a timeout, a closed connection. */
export function isUnanswered(err: unknown): boolean {
  return err instanceof NatsError || (err as Error | undefined)?.name === 'NatsError';
}

/**
 * What a failed query means to the HTTP client. Refusals keep the service's reason; a service
 * that does not answer is 503; anything else is the gateway's or the service's fault and is
 * returned as is (the filter logs it and answers 500 without details).
 */
export function queryProblem(service: QueryService, err: unknown, context: ProblemContext = {}): unknown {
  if (err instanceof QueryError) {
    if (err.code === 'not_found') {
      return new ProblemException({ title: 'Not Found', status: 404, detail: err.message });
    }
    if (INVALID_CODES.has(err.code)) {
      return new ProblemException({
        title: err.code === 'invalid_template' ? 'Invalid template' : 'Invalid request',
        status: 400,
        detail: err.message,
        errors: messageFields(err.message, context.field ?? '(body)'),
      });
    }
    if (CONFLICT_CODES.has(err.code)) {
      // The code travels with the problem (RefusalProblem), so clients can branch on it.
      const problem = { title: 'Conflict', status: 409, detail: err.message, code: err.code };
      return new ProblemException(problem);
    }
    return new ProblemException({
      title: 'Bad Gateway',
      status: 502,
      detail: `${service} could not answer the request (${err.code})`,
    });
  }
  if (isUnanswered(err)) {
    return new ProblemException({
      title: 'Service Unavailable',
      status: 503,
      detail: `${service} did not answer; try again shortly`,
    });
  }
  return err;
}
