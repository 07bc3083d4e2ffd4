import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ExceptionFilter,
  type PipeTransform,
} from '@nestjs/common';
import type { ProblemDetails } from '@flowguard/contracts';
import type { Response } from 'express';
import type { z } from 'zod';
import { requestErrorProblem } from './request-errors';

/** A problem with its fields named, thrown by handlers and pipes. */
export class ProblemException extends HttpException {
  constructor(problem: Omit<ProblemDetails, 'type'> & { type?: string }) {
    super({ type: problem.type ?? 'about:blank', ...problem }, problem.status);
  }
}

export const notFound = (what: string) =>
  new ProblemException({ title: 'Not Found', status: 404, detail: `${what} not found` });

/** A field as `errors` names it: `options.maxTickets`, `answers.0.answer`; an empty key is `""`. */
const fieldName = (path: readonly PropertyKey[]) =>
  path.length ? path.map((key) => (key === '' ? '""' : String(key))).join('.') : '(root)';

/**
 * Why Postgres could not store this string (text refuses U+0000; jsonb also a lone surrogate,
 * and every event payload is jsonb), or undefined. Unrefused, either was a 500.
 */
function unstorable(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain NUL (\\u0000)';
  if (/\p{Cs}/u.test(value)) return 'must be valid Unicode (it holds a lone surrogate)';
  return undefined;
}

/** Every field of a parsed input holding a string (or key) Postgres cannot store, with the reason. */
export function unstorableFields(value: unknown, path: PropertyKey[] = []): { field: string; message: string }[] {
  if (typeof value === 'string') {
    const message = unstorable(value);
    return message ? [{ field: fieldName(path), message }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => unstorableFields(v, [...path, i]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...unstorableFields(k, [...path, k]),
    ...unstorableFields(v, [...path, k]),
  ]);
}

/** zod → 400 problem+json naming every failing field (`options.maxTickets`, `answers.0.answer`). */
export class ZodPipe<T> implements PipeTransform<unknown, T> {
  constructor(
    private readonly schema: z.ZodType<T>,
    private readonly where: 'body' | 'query' | 'path' = 'body',
  ) {}

  transform(value: unknown): T {
    // A missing body is an empty object (so its fields are named); other inputs stay as they are.
    const parsed = this.schema.safeParse(this.where === 'body' ? (value ?? {}) : value);
    if (parsed.success) {
      const unstorableInput = unstorableFields(parsed.data);
      if (unstorableInput.length === 0) return parsed.data;
      throw this.invalid(unstorableInput);
    }
    throw this.invalid(
      parsed.error.issues.map((i) => ({
        field:
          i.path.length || i.code !== 'unrecognized_keys'
            ? fieldName(i.path)
            : ((i as { keys?: string[] }).keys?.map((k) => fieldName([k])).join(', ') ?? '(root)'),
        message: i.message,
      })),
    );
  }

  private invalid(errors: { field: string; message: string }[]) {
    return new ProblemException({
      title: 'Invalid request',
      status: 400,
      detail: `the ${this.where} failed validation`,
      errors,
    });
  }
}

/** Every error leaves as application/problem+json (RFC 9457); 5xx details are logged, not leaked. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<{ url: string; headers: Record<string, string | undefined> }>();
    let problem: ProblemDetails;
    const unreadable = requestErrorProblem(exception, req.headers);
    if (unreadable) {
      problem = unreadable;
    } else if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const status = exception.getStatus();
      problem =
        typeof body === 'object' && body !== null && 'title' in body
          ? (body as ProblemDetails)
          : {
              type: 'about:blank',
              title:
                HttpStatus[status]
                  ?.replace(/_/g, ' ')
                  .toLowerCase()
                  .replace(/^./, (c) => c.toUpperCase()) ?? 'Error',
              status,
              detail:
                typeof body === 'string'
                  ? body
                  : ((body as { message?: string | string[] }).message?.toString() ?? exception.message),
            };
    } else {
      this.logger.error(exception);
      problem = { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'unexpected error' };
    }
    res
      .status(problem.status)
      .type('application/problem+json')
      .send(JSON.stringify({ ...problem, instance: req.url }));
  }
}
