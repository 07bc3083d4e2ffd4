import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { WorkflowEntity } from '../src/workflows/workflow.entity';
import { gatewayHarness } from './gateway-harness';

jest.setTimeout(60_000);

/** Bytes straight onto a socket (fetch would refuse them); resolves with the raw answer. */
function rawRequest(base: string, request: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

const parseRaw = (raw: string) => {
  const [head, body] = raw.split('\r\n\r\n');
  return { statusLine: head.split('\r\n')[0], head, body: JSON.parse(body) };
};

// Found by the API fuzz (bench/fuzz.mjs): requests Express cannot read answered 500, or
// without problem+json, or with no field named.
describe('gateway: input it cannot read or store gets problem+json naming what is wrong', () => {
  let h: Awaited<ReturnType<typeof gatewayHarness>>;

  beforeAll(async () => {
    h = await gatewayHarness('httperrors');
  });
  afterAll(async () => {
    await h.close();
  });

  const post = (headers: Record<string, string>, body: string | Buffer) =>
    fetch(`${h.base}/v1/workflows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.a.apiKey}`, 'content-type': 'application/json', ...headers },
      body,
    }).then(async (res) => ({ status: res.status, type: res.headers.get('content-type'), body: await res.json() }));

  it.each([
    ['an unsupported charset', 415, 'Content-Type', { 'content-type': 'application/json; charset=latin1' }],
    ['an unknown content encoding', 415, 'Content-Encoding', { 'content-encoding': 'bogus' }],
    ['a body that is not gzip data', 400, 'Content-Encoding', { 'content-encoding': 'gzip' }],
    ['a body that is not br data', 400, 'Content-Encoding', { 'content-encoding': 'br' }],
  ])('%s: %i naming %s', async (_what, status, field, headers) => {
    const res = await post(headers, '{"goal":"x"}');
    expect(res).toEqual({
      status,
      type: expect.stringContaining('application/problem+json'),
      body: expect.objectContaining({
        status,
        title: expect.any(String),
        errors: [expect.objectContaining({ field })],
      }),
    });
  });

  it('still reads a gzip body that is gzip', async () => {
    const res = await post({ 'content-encoding': 'gzip' }, gzipSync('{"goal":"Add CSV export"}'));
    expect(res.status).toBe(202);
  });

  it('a path that is not valid percent-encoding: 400 naming (path)', async () => {
    const res = await h.call('GET', '/v1/workflows/%E0%A4%A', { key: h.a.apiKey });
    expect(res).toMatchObject({ status: 400, type: expect.stringContaining('application/problem+json') });
    expect(res.body.errors).toEqual([expect.objectContaining({ field: '(path)' })]);
  });

  it('an empty unknown key is named `""`', async () => {
    const res = await h.call('POST', '/v1/workflows', { key: h.a.apiKey, body: { goal: 'x', '': 1 } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: '""' })]);
  });

  it('U+0000 or a lone surrogate in a string (Postgres cannot store them): 400 naming the field, nothing written', async () => {
    const before = await h.ds.manager.count(WorkflowEntity);
    for (const goal of ['a\u0000b', 'a\ud800b']) {
      const res = await h.call('POST', '/v1/workflows', { key: h.a.apiKey, body: { goal } });
      expect(res).toMatchObject({ status: 400, body: { errors: [{ field: 'goal' }] } });
    }
    const answers = await h.call('POST', `/v1/workflows/${randomUUID()}/answers`, {
      key: h.a.apiKey,
      body: { answers: [{ questionId: 'Q1', answer: '\u0000' }] },
    });
    expect(answers).toMatchObject({ status: 400, body: { errors: [{ field: 'answers.0.answer' }] } });
    const query = await h.call('GET', `/v1/workflows/${randomUUID()}/executions?epicKey=%00`, { key: h.a.apiKey });
    expect(query).toMatchObject({ status: 400, body: { errors: [{ field: 'epicKey' }] } });
    expect(await h.ds.manager.count(WorkflowEntity)).toBe(before);
  });

  it("requests Node's parser refuses: 431 and 400 problem+json, not a bare status line", async () => {
    const big = parseRaw(
      await rawRequest(h.base, `GET /v1/workflows HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17_000)}\r\n\r\n`),
    );
    expect(big.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(big.head).toMatch(/content-type: application\/problem\+json/i);
    expect(big.body).toMatchObject({ status: 431, title: 'Request Header Fields Too Large' });

    const malformed = parseRaw(await rawRequest(h.base, 'GET /v1/workflows HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n'));
    expect(malformed.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(malformed.body).toMatchObject({ status: 400, errors: [{ field: '(request)' }] });
  });
});
