// Sends one generated request (bench/fuzz-requests.mjs) over node:http, so the path, headers
// and body go out exactly as drawn (fetch would normalise `..` and refuse some headers), and
// judges the answer: 5xx, a dropped connection or no answer fail; so does a 4xx that is not
// problem+json with title and status, a 400 naming no field, or another tenant's id answered 2xx.
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const NO_ID = '11111111-1111-4111-8111-111111111111';
/** Node's limit on the request line and headers (--max-http-header-size): above it, 431 or a reset. */
const MAX_HEAD = 16 * 1024;

/** Replaces the tokens of fuzz-values.mjs with this run's ids, keys and big values. */
export function materialize(text, run) {
  return text
    .replace(/"@@huge:(\d+):(.)@@"/g, (_, n, c) => JSON.stringify(c.repeat(Number(n))))
    .replace(/"@@deep:(\d+)@@"/g, (_, n) => '['.repeat(Number(n)) + ']'.repeat(Number(n)))
    .replace(/@@huge:(\d+):(.)@@/g, (_, n, c) => c.repeat(Number(n)))
    .replace(/@@deep:(\d+)@@/g, (_, n) => '['.repeat(Number(n)) + ']'.repeat(Number(n)))
    .replace(/@@ref:(\w+):(\d+)@@/g, (_, pool, n) => {
      const ids = run.pools[pool] ?? [];
      return ids.length ? String(ids[Number(n) % ids.length]) : NO_ID;
    })
    .replace(/@@key:([ab])@@/g, (_, t) => run.keys[t]);
}

const wellFormed = (s) => s.toWellFormed();
/** encodeURIComponent, or "raw": only what an HTTP request line cannot carry is escaped. */
const encode = (s, raw) =>
  raw ? wellFormed(s).replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c)) : encodeURIComponent(wellFormed(s));
/** A header value as bytes Node will send: UTF-8 read as latin1, control characters dropped. */
const headerValue = (s) =>
  [...Buffer.from(wellFormed(s), 'utf8').toString('latin1')]
    .filter((c) => c === '\t' || (c >= ' ' && c !== '\x7f'))
    .join('');

/** The request as it goes on the wire: method, path, headers, body bytes. */
export function build(req, route, run) {
  let path = route.path.replace(/\{(\w+)\}/g, (_, name) => {
    const p = req.params[name];
    return encode(materialize(p.value, run), p.raw);
  });
  if (req.query.length)
    path += `?${req.query.map(([k, v]) => `${encode(k)}=${encode(materialize(v, run))}`).join('&')}`;
  const headers = {};
  const { auth } = req;
  if (auth.header === 'both') {
    headers.authorization = `Bearer ${run.keys.b}`;
    headers['x-api-key'] = run.keys.a;
  } else if (auth.header) headers[auth.header] = headerValue(materialize(auth.value, run));
  if (req.idempotencyKey !== undefined) headers['idempotency-key'] = headerValue(materialize(req.idempotencyKey, run));
  if (req.lastEventId !== undefined) headers['last-event-id'] = headerValue(materialize(req.lastEventId, run));
  for (const [k, v] of Object.entries(req.extraHeaders)) headers[k] = headerValue(v);
  let body;
  if (req.body.kind === 'json') body = Buffer.from(materialize(JSON.stringify(req.body.value) ?? 'null', run));
  else if (req.body.kind === 'text') body = Buffer.from(materialize(req.body.text, run));
  else if (req.body.kind === 'oversize') body = Buffer.from(`{"goal":"${'a'.repeat(req.body.bytes)}"}`);
  if (body && req.contentType) headers['content-type'] = req.contentType;
  // Node frames a GET/DELETE/HEAD body only when told its length.
  if (body) headers['content-length'] = String(body.length);
  const head =
    Buffer.byteLength(`${req.method} ${path} HTTP/1.1\r\n`) +
    Object.entries(headers).reduce((n, [k, v]) => n + k.length + Buffer.byteLength(v, 'latin1') + 4, 0);
  return { method: req.method.toUpperCase(), path, headers, body, oversizeHead: head > MAX_HEAD };
}

/** Sends it; SSE answers are cut after `sseMs` (a 200 stream start is fine). */
export function send(base, wire, { sse, sseMs = 300, timeoutMs = 20_000 }) {
  const url = new URL(base);
  return new Promise((resolve) => {
    let settled = false;
    const done = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = http.request(
      { host: url.hostname, port: url.port, method: wire.method, path: wire.path, headers: wire.headers, agent },
      (res) => {
        const status = res.statusCode;
        const contentType = String(res.headers['content-type'] ?? '');
        if (sse && status === 200 && contentType.startsWith('text/event-stream')) {
          setTimeout(() => {
            req.destroy();
            done({ status, contentType, body: '', stream: true });
          }, sseMs);
          res.resume();
          return;
        }
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => done({ status, contentType, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => done({ status, contentType, error: `response: ${err.code ?? err.message}` }));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      done({ status: 0, error: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    req.on('error', (err) => done({ status: 0, error: err.code ?? err.message }));
    req.end(wire.body);
  });
}

/** Why this answer is a failure, or undefined. `otherTenant`: a path id belongs to the other tenant. */
export function judge(result, { method, otherTenant, oversizeHead }) {
  const { status } = result;
  // Node closes the socket on a head over its limit, so the 431 may be lost to a reset.
  if (oversizeHead && status !== 431 && result.error && /ECONNRESET|EPIPE|HPE_/.test(result.error)) return undefined;
  if (oversizeHead && status !== 431) return `a head over ${MAX_HEAD} bytes answered ${status || result.error}`;
  if (result.error) return `connection: ${result.error}`;
  if (status >= 500) return `status ${status}`;
  if (otherTenant && status >= 200 && status < 300) return `another tenant's id answered ${status}`;
  if (status < 400 || status >= 500) return undefined;
  if (!result.contentType.startsWith('application/problem+json'))
    return `${status} is not problem+json (${result.contentType || 'no content-type'})`;
  if (method === 'HEAD') return undefined;
  let problem;
  try {
    problem = JSON.parse(result.body);
  } catch {
    return `${status} problem+json body is not JSON`;
  }
  if (typeof problem.title !== 'string' || problem.status !== status) return `${status} problem lacks title/status`;
  if (status === 400 && !(problem.errors ?? []).some((e) => typeof e.field === 'string' && e.field))
    return '400 names no field';
  return undefined;
}

/** A failing request, fit to print and replay: keys replaced by placeholders, body cut. */
export function replayable(wire, run, result, why, max = 600) {
  const redact = (s) => s.replaceAll(run.keys.a, '<key A>').replaceAll(run.keys.b, '<key B>');
  const body = wire.body ? redact(wire.body.subarray(0, max).toString('utf8')) : undefined;
  return {
    why,
    method: wire.method,
    path: redact(wire.path.length > max ? `${wire.path.slice(0, max)}…(${wire.path.length} chars)` : wire.path),
    headers: Object.fromEntries(
      Object.entries(wire.headers).map(([k, v]) => [k, redact(v.length > max ? `${v.slice(0, max)}…` : v)]),
    ),
    ...(body !== undefined ? { body: wire.body.length > max ? `${body}…(${wire.body.length} bytes)` : body } : {}),
    status: result.status,
    answer: (result.body ?? result.error ?? '').slice(0, 300),
  };
}

export function closeAgent() {
  agent.destroy();
}
