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

/** A problem with its fields named, thrown by handlers and pipes. */
export class ProblemException extends HttpException {
  constructor(problem: Omit<ProblemDetails, 'type'> & { type?: string }) {
    super({ type: problem.type ?? 'about:blank', ...problem }, problem.status);
  }
}

export const notFound = (what: string) =>
  new ProblemException({ title: 'Not Found', status: 404, detail: `${what} not found` });

/** zod → 400 problem+json naming every failing field (`options.maxTickets`, `answers.0.answer`). */
export class ZodPipe<T> implements PipeTransform<unknown, T> {
  constructor(
    private readonly schema: z.ZodType<T>,
    private readonly where: 'body' | 'query' | 'path' = 'body',
  ) {}

  transform(value: unknown): T {
    // A missing body is an empty object (so its fields are named); other inputs stay as they are.
    const parsed = this.schema.safeParse(this.where === 'body' ? (value ?? {}) : value);
    if (parsed.success) return parsed.data;
    throw new ProblemException({
      title: 'Invalid request',
      status: 400,
      detail: `the ${this.where} failed validation`,
      errors: parsed.error.issues.map((i) => ({
        field: i.path.length
          ? i.path.join('.')
          : i.code === 'unrecognized_keys'
            ? ((i as { keys?: string[] }).keys?.join(', ') ?? '(root)')
            : '(root)',
        message: i.message,
      })),
    });
  }
}

/** Every error leaves as application/problem+json (RFC 9457); 5xx details are logged, not leaked. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<{ url: string }>();
    let problem: ProblemDetails;
    const kind = (exception as { type?: string })?.type ?? (exception as { cause?: { type?: string } })?.cause?.type;
    // Nest re-throws body-parser's JSON errors as a bare BadRequestException.
    const badJson =
      exception instanceof HttpException &&
      exception.getStatus() === 400 &&
      /JSON/.test(exception.message) &&
      !(exception instanceof ProblemException);
    if (kind === 'entity.parse.failed' || badJson) {
      problem = {
        type: 'about:blank',
        title: 'Invalid JSON',
        status: 400,
        detail: 'the body is not valid JSON',
        errors: [{ field: '(body)', message: 'not valid JSON' }],
      };
    } else if (kind === 'entity.too.large' || (exception as { status?: number })?.status === 413) {
      problem = {
        type: 'about:blank',
        title: 'Payload Too Large',
        status: 413,
        detail: 'the request body exceeds the size limit',
      };
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
    } else if ((exception as { type?: string })?.type === 'entity.too.large') {
      problem = {
        type: 'about:blank',
        title: 'Payload Too Large',
        status: 413,
        detail: 'the request body exceeds the size limit',
      };
    } else if ((exception as { type?: string })?.type === 'entity.parse.failed') {
      problem = {
        type: 'about:blank',
        title: 'Invalid JSON',
        status: 400,
        detail: 'the body is not valid JSON',
        errors: [{ field: '(body)', message: 'not valid JSON' }],
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
