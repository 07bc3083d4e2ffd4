// One fuzzed request per draw, for a route read from the gateway's OpenAPI document: method,
// path parameters, query, headers (API key variants, content types, Idempotency-Key,
// Last-Event-ID) and body. Plain data with tokens (see fuzz-values.mjs); `@@key:a@@` and
// `@@key:b@@` stand for the tenants' API keys.
import fc from 'fast-check';
import { bodyArb, nastyString, pathParamArb, schemaArb } from './fuzz-arbitraries.mjs';
import { huge, ref } from './fuzz-values.mjs';

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

/** The routes of an OpenAPI document: method, path, parameters, body schema, SSE or not. */
export function routesOf(doc) {
  const routes = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {}))
    for (const [method, op] of Object.entries(ops)) {
      if (!METHODS.includes(method)) continue;
      const ok = op.responses?.['200']?.content ?? {};
      routes.push({
        id: `${method.toUpperCase()} ${path}`,
        method,
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
        sse: 'text/event-stream' in ok,
      });
    }
  return routes.sort((a, b) => a.id.localeCompare(b.id));
}

const PARAM_POOLS = {
  key: 'tickets',
  handoffId: 'handoffs',
  executionId: 'executions',
  templateId: 'templates',
  deliveryId: 'deliveries',
};

/** The pool of real ids a path parameter is drawn from (DELETE has its own rows to spend). */
function poolOf(route, name) {
  const pool = name === 'id' ? (route.path.startsWith('/v1/webhooks') ? 'webhooks' : 'workflows') : PARAM_POOLS[name];
  return route.method === 'delete' && ['templates', 'webhooks'].includes(pool) ? `${pool}ToDelete` : pool;
}

const AUTH = [
  { weight: 12, value: { tenant: 'a', header: 'authorization', value: 'Bearer @@key:a@@' } },
  { weight: 4, value: { tenant: 'b', header: 'authorization', value: 'Bearer @@key:b@@' } },
  { weight: 2, value: { tenant: 'a', header: 'x-api-key', value: '@@key:a@@' } },
  { weight: 1, value: { tenant: 'b', header: 'x-api-key', value: '@@key:b@@' } },
  { weight: 1, value: { tenant: 'a', header: 'authorization', value: 'Bearer  @@key:a@@ ' } },
  { weight: 2, value: { tenant: null } },
];
const BAD_AUTH = [
  'Bearer',
  'Bearer ',
  'bearer @@key:a@@',
  '@@key:a@@',
  'Bearer @@key:a@@x',
  'Bearer @@key:b@@@@key:a@@',
  'Basic dXNlcjpwYXNz',
  'Bearer fg_live_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  'Bearer fg_live_',
  'Bearer fg_live_%00_x',
  'Bearer fg_test_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  "Bearer fg_live_' OR 1=1 --_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
];
const authArb = fc.oneof(
  ...AUTH.map(({ weight, value }) => ({ arbitrary: fc.constant(value), weight })),
  {
    arbitrary: fc
      .oneof(fc.constantFrom(...BAD_AUTH), nastyString, fc.constant(`Bearer ${huge(6_000)}`))
      .map((value) => ({ tenant: null, header: 'authorization', value })),
    weight: 3,
  },
  // Both headers: Authorization wins, so this is tenant B.
  { arbitrary: fc.constant({ tenant: 'b', header: 'both', value: '@@key:b@@' }), weight: 1 },
);

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'application/merge-patch+json',
  'application/vnd.api+json',
  'application/xml',
  'application/json, text/plain',
  '*/*',
  ';;;',
  'application/',
];
const contentTypeArb = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 14 },
  { arbitrary: fc.constant(undefined), weight: 1 },
  { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 4 },
);

const idempotencyArb = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 6 },
  { arbitrary: fc.constantFrom('k1', 'k2', 'k3'), weight: 3 }, // repeats across bodies and tenants
  { arbitrary: fc.uuid(), weight: 1 },
  { arbitrary: fc.constantFrom(150, 151, 200, 201, 5_000).map((n) => huge(n, 'k')), weight: 1 },
  { arbitrary: nastyString, weight: 2 },
);

const lastEventIdArb = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: fc.nat({ max: 7 }).map((n) => ref('seqs', n)), weight: 2 },
  {
    arbitrary: fc.constantFrom('0', '1', '9223372036854775807', '9223372036854775808', '18446744073709551616'),
    weight: 2,
  },
  { arbitrary: fc.constantFrom('-1', '1.5', '0x10', '1e3', ' 5 ', '١٢'), weight: 1 },
  { arbitrary: nastyString, weight: 2 },
);

const extraHeadersArb = fc.oneof(
  { arbitrary: fc.constant({}), weight: 12 },
  {
    arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'bogus').map((v) => ({ 'content-encoding': v })),
    weight: 1,
  },
  {
    arbitrary: fc.constantFrom('text/event-stream', 'application/xml', '*/*', '').map((v) => ({ accept: v })),
    weight: 1,
  },
  { arbitrary: nastyString.map((v) => ({ 'x-request-id': v, 'x-forwarded-for': v })), weight: 1 },
);

/** A query string as [name, value] pairs: documented names with good and bad values, unknown names, repeats. */
function queryArb(route, ctx) {
  const params = route.parameters.filter((p) => p.in === 'query');
  const one = (p) =>
    fc.oneof(
      { arbitrary: schemaArb(p.schema, ctx, 0, p.name).map(String), weight: 5 },
      { arbitrary: nastyString, weight: 2 },
      {
        arbitrary: fc.constantFrom('', '-1', '0', '1e400', '2147483648', '9007199254740993', '1.5', 'true'),
        weight: 2,
      },
    );
  const documented = params.length
    ? fc.subarray(params).chain((chosen) => fc.tuple(...chosen.map((p) => one(p).map((v) => [p.name, v]))))
    : fc.constant([]);
  const extra = fc.oneof(
    { arbitrary: fc.constant([]), weight: 6 },
    {
      arbitrary: fc
        .tuple(fc.constantFrom('foo', 'limit[]', '__proto__', 'cursor[a]', ''), nastyString)
        .map((kv) => [kv]),
      weight: 1,
    },
    // The same documented name twice: an array.
    ...(params.length
      ? [
          {
            arbitrary: fc.constantFrom(...params).chain((p) =>
              fc.tuple(one(p), one(p)).map(([x, y]) => [
                [p.name, x],
                [p.name, y],
              ]),
            ),
            weight: 1,
          },
        ]
      : []),
  );
  return fc.tuple(documented, extra).map(([a, b]) => [...a, ...b]);
}

/** Valid values for each part of a request to `route` (a real id, tenant A's key, a schema-shaped body). */
function validParts(route, ctx) {
  const valid = { ...ctx, valid: true };
  const params = route.parameters.filter((p) => p.in === 'path');
  const query = route.parameters.filter((p) => p.in === 'query');
  return {
    method: fc.constant(route.method),
    params: fc.record(
      Object.fromEntries(
        params.map((p) => {
          const pool = poolOf(route, p.name);
          return [
            p.name,
            fc.record({
              value: pool ? fc.nat({ max: 7 }).map((n) => ref(pool, n)) : fc.uuid(),
              raw: fc.constant(false),
            }),
          ];
        }),
      ),
    ),
    query: query.length
      ? fc
          .subarray(query)
          .chain((chosen) =>
            fc.tuple(...chosen.map((p) => schemaArb(p.schema, valid, 0, p.name).map((v) => [p.name, String(v)]))),
          )
      : fc.constant([]),
    auth: fc.constant(AUTH[0].value),
    contentType: fc.constant('application/json'),
    idempotencyKey: fc.option(fc.uuid(), { nil: undefined }),
    lastEventId: route.sse
      ? fc.option(
          fc.nat({ max: 7 }).map((n) => ref('seqs', n)),
          { nil: undefined },
        )
      : fc.constant(undefined),
    extraHeaders: fc.constant({}),
    body: route.body
      ? schemaArb(route.body, valid).map((value) => ({ kind: 'json', value }))
      : fc.constant({ kind: 'none' }),
  };
}

/** Every part drawn to break something. */
function fuzzedParts(route, ctx) {
  const params = route.parameters.filter((p) => p.in === 'path');
  const headerNames = new Set(route.parameters.filter((p) => p.in === 'header').map((p) => p.name));
  return {
    method: fc.oneof({ arbitrary: fc.constant(route.method), weight: 3 }, fc.constantFrom(...METHODS)),
    params: fc.record(
      Object.fromEntries(
        params.map((p) => [
          p.name,
          fc.record({
            value: pathParamArb(poolOf(route, p.name)),
            raw: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, fc.constant(true)),
          }),
        ]),
      ),
    ),
    query: queryArb(route, ctx),
    auth: authArb,
    contentType: contentTypeArb,
    idempotencyKey: headerNames.has('idempotency-key') ? idempotencyArb : fc.constant(undefined),
    lastEventId: route.sse ? lastEventIdArb : fc.constant(undefined),
    extraHeaders: extraHeadersArb,
    body: route.body
      ? bodyArb(route.body, ctx)
      : route.method !== 'get'
        ? fc.oneof({ arbitrary: fc.constant({ kind: 'none' }), weight: 4 }, bodyArb({}, ctx))
        : fc.constant({ kind: 'none' }),
  };
}

const PARTS = [
  'method',
  'params',
  'query',
  'auth',
  'contentType',
  'idempotencyKey',
  'lastEventId',
  'extraHeaders',
  'body',
];

/**
 * One request to `route`: all parts valid, one part fuzzed (so the others let it reach the
 * code behind validation), or every part fuzzed. `focus` says which.
 */
export function requestArb(route, ctx) {
  const focus = fc.oneof(
    { arbitrary: fc.constant('none'), weight: 2 },
    { arbitrary: fc.constantFrom(...PARTS), weight: 6 },
    { arbitrary: fc.constant('all'), weight: 3 },
  );
  return fc
    .tuple(fc.record(validParts(route, ctx)), fc.record(fuzzedParts(route, ctx)), focus)
    .map(([valid, fuzzed, part]) => ({
      route: route.id,
      focus: part,
      ...(part === 'all' ? fuzzed : { ...valid, ...(part === 'none' ? {} : { [part]: fuzzed[part] }) }),
    }));
}
