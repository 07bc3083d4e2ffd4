import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { parseRetryAfter } from './webhook-schedule';
import { assertDeliverableUrl, guardedLookup, WebhookUrlRefused } from './webhook-url-policy';

export interface SendResult {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** From Retry-After on a 429 or 503. */
  retryAfterMs: number | null;
}

export interface SendOptions {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
}

/**
 * One POST. node:http rather than fetch so the connect-time DNS answer is checked too
 * (no rebinding window) and redirects are never followed (a 3xx is a failed attempt).
 */
export async function sendWebhook(options: SendOptions): Promise<SendResult> {
  const started = Date.now();
  const done = (partial: Partial<SendResult>): SendResult => ({
    statusCode: null,
    error: null,
    retryAfterMs: null,
    ...partial,
    durationMs: Date.now() - started,
  });
  try {
    await assertDeliverableUrl(options.url, options.allowPrivate);
  } catch (err) {
    return done({ error: `refused: ${(err as Error).message}` });
  }
  try {
    const res = await post(options);
    const status = res.statusCode ?? 0;
    const retryAfter = status === 429 || status === 503 ? header(res, 'retry-after') : undefined;
    return done({
      statusCode: status,
      error: status >= 200 && status < 300 ? null : `HTTP ${status}`,
      retryAfterMs: parseRetryAfter(retryAfter),
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      return done({ error: `timeout after ${options.timeoutMs} ms` });
    }
    if (err instanceof WebhookUrlRefused) return done({ error: `refused: ${err.message}` });
    return done({ error: e.code ? `${e.code}: ${e.message}` : e.message });
  }
}

function post(options: SendOptions): Promise<IncomingMessage> {
  const url = new URL(options.url);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          ...options.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(options.body).toString(),
          'user-agent': 'FlowGuard-Webhooks/1',
        },
        agent: false,
        lookup: guardedLookup(options.allowPrivate),
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (res) => {
        // The answer is the status; the body is drained and dropped.
        res.on('error', () => undefined);
        res.on('end', () => resolve(res));
        res.on('close', () => resolve(res));
        res.resume();
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function header(res: IncomingMessage, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
