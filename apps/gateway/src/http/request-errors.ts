import { BadRequestException } from '@nestjs/common';
import type { ProblemDetails } from '@flowguard/contracts';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** An http-errors error as body-parser, raw-body and zlib raise them (`expose`: safe to show). */
interface HttpError {
  status?: number;
  expose?: boolean;
  type?: string;
  charset?: string;
  encoding?: string;
  message?: string;
}

const problem = (status: number, detail: string, field?: string, message = detail): ProblemDetails => ({
  type: 'about:blank',
  title: STATUS_CODES[status] ?? 'Error',
  status,
  detail,
  ...(field ? { errors: [{ field, message }] } : {}),
});

const invalidJson = (): ProblemDetails => ({
  ...problem(400, 'the body is not valid JSON', '(body)', 'not valid JSON'),
  title: 'Invalid JSON',
});

/**
 * A request Express could not read, as a problem naming what is wrong. Nest turns body-parser's
 * JSON SyntaxError and the router's URIError (bad percent-encoding in the path) into a bare
 * BadRequestException; every other body-parser error (charset, content encoding, corrupt
 * compressed data, size) arrives as is. Undefined for anything else: that stays a 500.
 */
export function requestErrorProblem(
  exception: unknown,
  headers: Record<string, string | string[] | undefined> = {},
): ProblemDetails | undefined {
  if (exception instanceof BadRequestException && !('title' in Object(exception.getResponse()))) {
    if (/^Failed to decode param/.test(exception.message))
      return problem(400, 'the path is not valid percent-encoding', '(path)', exception.message);
    if (/JSON/.test(exception.message)) return invalidJson();
    return undefined;
  }
  const err = exception as HttpError | undefined;
  if (!err || typeof err.status !== 'number' || err.status < 400 || err.status >= 500 || !err.expose) return undefined;
  switch (err.type) {
    case 'entity.parse.failed':
      return invalidJson();
    case 'entity.too.large':
      return problem(413, 'the request body exceeds the size limit');
    case 'charset.unsupported':
      return problem(415, `charset "${err.charset}" is not supported`, 'Content-Type', 'send JSON as UTF-8');
    case 'encoding.unsupported':
      return problem(
        415,
        `content encoding "${err.encoding}" is not supported`,
        'Content-Encoding',
        'use gzip, deflate, br or identity',
      );
    case 'request.size.invalid':
      return problem(400, 'the body is shorter or longer than Content-Length', 'Content-Length');
  }
  // Every raw-body error has a type; one without came out of the zlib or brotli stream.
  const encoding = headers['content-encoding'];
  if (!err.type && encoding && encoding !== 'identity')
    return problem(400, `the body is not valid ${encoding} data`, 'Content-Encoding', err.message);
  return problem(err.status, err.message ?? 'the request could not be read', err.status === 400 ? '(body)' : undefined);
}

/**
 * Node's parser refuses some requests before Express sees them (a header section over 16 KB,
 * a malformed request line): the same problem+json as everything else, then the socket is
 * closed as Node does by default. Nothing is written once a response is under way.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const body = JSON.stringify(
      status === 431
        ? problem(431, 'the request line and headers exceed the size limit')
        : status === 408
          ? problem(408, 'the request was not received in time')
          : problem(400, 'not a valid HTTP request', '(request)'),
    );
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
