import { createServer, type Server } from 'node:http';
import { sendWebhook } from './webhook-sender';
import { guardedLookup } from './webhook-url-policy';

/** A loopback server; `handle` answers (or not). */
async function loopback(
  handle: Parameters<typeof createServer>[1],
): Promise<{ url: string; hits: string[]; server: Server }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handle!(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, hits, server };
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

describe('sendWebhook', () => {
  const base = { body: '{"a":1}', headers: { 'webhook-id': 'msg_1' }, timeoutMs: 2_000 };

  it('refuses a private target before any connection when private targets are not allowed', async () => {
    const { url, hits, server } = await loopback((_req, res) => res.end());
    const result = await sendWebhook({ ...base, url: `${url}/hook`, allowPrivate: false });
    expect(result).toMatchObject({
      statusCode: null,
      error: expect.stringMatching(/^refused: 127\.0\.0\.1 is a private/),
    });
    expect(hits).toEqual([]);
    await close(server);
  });

  it('reports the status and Retry-After of a 429/503, and never follows a redirect', async () => {
    const { url, hits, server } = await loopback((req, res) => {
      if (req.url === '/busy') res.writeHead(503, { 'retry-after': '7' }).end();
      else res.writeHead(302, { location: '/elsewhere' }).end();
    });
    expect(await sendWebhook({ ...base, url: `${url}/busy`, allowPrivate: true })).toMatchObject({
      statusCode: 503,
      error: 'HTTP 503',
      retryAfterMs: 7_000,
    });
    expect(await sendWebhook({ ...base, url: `${url}/moved`, allowPrivate: true })).toMatchObject({
      statusCode: 302,
      error: 'HTTP 302',
      retryAfterMs: null,
    });
    expect(hits).toEqual(['/busy', '/moved']);
    await close(server);
  });

  it('gives up after the timeout', async () => {
    const { url, server } = await loopback(() => undefined); // never answers
    const result = await sendWebhook({ ...base, url, timeoutMs: 100, allowPrivate: true });
    expect(result).toMatchObject({ statusCode: null, error: 'timeout after 100 ms' });
    expect(result.durationMs).toBeGreaterThanOrEqual(90);
    expect(result.durationMs).toBeLessThan(2_000);
    await close(server);
  });
});

describe('guardedLookup (connect-time check against DNS rebinding)', () => {
  const resolve = (allowPrivate: boolean, all: boolean) =>
    new Promise<{ err: NodeJS.ErrnoException | null; result: unknown }>((done) =>
      guardedLookup(allowPrivate)('localhost', { all }, (err, address) => done({ err, result: address })),
    );

  it('fails the connection when the name resolves to a private address', async () => {
    const { err } = await resolve(false, false);
    expect(err).toMatchObject({ code: 'EADDRREFUSED', message: expect.stringMatching(/^localhost resolves to/) });
  });

  it('answers in the shape asked for when allowed', async () => {
    expect((await resolve(true, true)).result).toEqual(
      expect.arrayContaining([expect.objectContaining({ address: expect.any(String), family: expect.any(Number) })]),
    );
    expect(typeof (await resolve(true, false)).result).toBe('string');
  });
});
