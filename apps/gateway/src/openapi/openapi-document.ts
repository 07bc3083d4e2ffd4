import { ProblemDetails } from '@flowguard/contracts';
import { z } from 'zod';
import { named, type ApiResponseSpec, type ApiRoute, type NamedSchema } from './api-route';
import type { DiscoveredRoute } from './route-discovery';

type Json = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers?: { url: string }[];
  tags: { name: string }[];
  paths: Record<string, Record<string, Json>>;
  components: {
    schemas: Record<string, Json>;
    securitySchemes: Record<string, Json>;
    headers: Record<string, Json>;
  };
}

const PROBLEM_TYPE = 'application/problem+json';
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** `/v1/workflows/:id` → `/v1/workflows/{id}` */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), without the `$schema` header. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

/**
 * Named schemas go to `components.schemas`: request bodies as the client sends them (`io:
 * input`: defaulted fields are optional), responses as the server returns them (`io: output`).
 * One zod registry per direction, so a named schema used inside another becomes a `$ref`.
 */
function componentSchemas(requests: NamedSchema[], responses: NamedSchema[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [list, io] of [
    [requests, 'input'],
    [responses, 'output'],
  ] as const) {
    const registry = z.registry<{ id: string }>();
    const byName = new Map<string, z.ZodType>();
    for (const { name, schema } of list) {
      const known = byName.get(name);
      if (known && known !== schema) throw new Error(`OpenAPI: two different schemas are named ${name}`);
      if (!known && out[name]) throw new Error(`OpenAPI: ${name} names both a request and a response schema`);
      if (!known) registry.add(schema, { id: name });
      byName.set(name, schema);
    }
    const { schemas } = z.toJSONSchema(registry, {
      io,
      unrepresentable: 'any',
      uri: (id) => `#/components/schemas/${id}`,
    }) as { schemas: Record<string, Json> };
    for (const [name, schema] of Object.entries(schemas)) {
      const { $schema: _s, $id: _i, ...rest } = schema;
      out[name] = rest;
    }
  }
  return out;
}

function parameters(route: ApiRoute): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
    ['header', route.headers],
  ] as const) {
    if (!schema) continue;
    const object = jsonSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, property] of Object.entries(object.properties ?? {})) {
      const { description, ...rest } = property;
      out.push({
        name,
        in: where,
        required: where === 'path' || (object.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  return out;
}

function response(spec: ApiResponseSpec): Json {
  const contentType = spec.contentType ?? (spec.body?.name === 'ProblemDetails' ? PROBLEM_TYPE : 'application/json');
  const headers = Object.fromEntries(
    Object.entries(spec.headers ?? {}).map(([name, h]) => [
      name,
      { description: h.description, schema: jsonSchema(h.schema, 'output') },
    ]),
  );
  return {
    description: spec.description,
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(spec.body ? { content: { [contentType]: { schema: ref(spec.body.name) } } } : {}),
  };
}

const problem = (description: string, headers?: Json): Json => ({
  description,
  ...(headers ? { headers } : {}),
  content: { [PROBLEM_TYPE]: { schema: ref('ProblemDetails') } },
});

const RATE_LIMIT_HEADERS = {
  'RateLimit-Limit': { $ref: '#/components/headers/RateLimit-Limit' },
  'RateLimit-Remaining': { $ref: '#/components/headers/RateLimit-Remaining' },
  'RateLimit-Reset': { $ref: '#/components/headers/RateLimit-Reset' },
};

function operation(route: ApiRoute): Json {
  const auth = route.auth ?? true;
  const takesInput = Boolean(route.params || route.query || route.headers || route.body);
  const responses: Record<string, Json> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    const built = response(spec);
    // Authenticated responses carry the tenant's rate-limit state.
    if (auth && Number(status) < 400) built.headers = { ...RATE_LIMIT_HEADERS, ...(built.headers as Json) };
    responses[status] = built;
  }
  if (takesInput) responses['400'] ??= problem('invalid input; `errors` names each failing field');
  if (auth) {
    responses['401'] ??= problem('missing, malformed or revoked API key');
    responses['429'] ??= problem('the tenant exceeded its rate limit', {
      'Retry-After': { $ref: '#/components/headers/Retry-After' },
      ...RATE_LIMIT_HEADERS,
    });
  }
  responses['500'] ??= problem('unexpected error (details are logged, not returned)');
  let body: Json | undefined;
  if (route.body) {
    const input = jsonSchema(route.body.schema, 'input') as { required?: string[] };
    body = {
      // A missing body is read as {}: it is required only when some field is.
      required: (input.required ?? []).length > 0,
      content: { 'application/json': { schema: ref(route.body.name) } },
    };
  }
  const params = parameters(route);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: route.tags,
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b))),
    security: auth ? [{ bearerApiKey: [] }, { apiKeyHeader: [] }] : [],
  };
}

export interface BuildOptions {
  routes: readonly ApiRoute[];
  /**
   * The routes the application actually registers. When given, documented routes it does not
   * register are left out, and /v1 routes without an entry are added marked `x-undocumented`.
   */
  registered?: readonly DiscoveredRoute[];
  version?: string;
}

/** Routes the app registers under /v1 that the registry does not document. */
export function undocumentedRoutes(routes: readonly ApiRoute[], registered: readonly DiscoveredRoute[]) {
  const known = new Set(routes.map((r) => `${r.method} ${r.path}`));
  return registered.filter((r) => r.path.startsWith('/v1/') && !known.has(`${r.method} ${r.path}`));
}

/** The OpenAPI 3.1 document for the gateway's public API, built from the zod contracts. */
export function buildOpenApiDocument({ routes, registered, version = '0.1.0' }: BuildOptions): OpenApiDocument {
  const live = registered ? new Set(registered.map((r) => `${r.method} ${r.path}`)) : undefined;
  const documented = routes.filter((r) => !live || live.has(`${r.method} ${r.path}`));
  const requests = documented.flatMap((r) => (r.body ? [r.body] : []));
  const responses = [
    named('ProblemDetails', ProblemDetails),
    ...documented.flatMap((r) => Object.values(r.responses).flatMap((s) => (s.body ? [s.body] : []))),
  ];
  const paths: OpenApiDocument['paths'] = {};
  for (const route of documented) {
    (paths[openApiPath(route.path)] ??= {})[route.method] = operation(route);
  }
  for (const extra of registered ? undocumentedRoutes(routes, registered) : []) {
    (paths[openApiPath(extra.path)] ??= {})[extra.method] = {
      operationId: `${extra.controller}.${extra.handler}`,
      summary: `${extra.controller}.${extra.handler} (not yet described)`,
      tags: ['undocumented'],
      'x-undocumented': true,
      responses: { default: { description: 'not described yet: add the route to openapi/routes.ts' } },
      security: [{ bearerApiKey: [] }, { apiKeyHeader: [] }],
    };
  }
  const tags = [
    ...new Set(Object.values(paths).flatMap((ops) => Object.values(ops).flatMap((o) => o.tags as string[]))),
  ];
  return {
    openapi: '3.1.0',
    info: {
      title: 'FlowGuard API',
      version,
      description:
        'Goal → clarifying questions → spec → tickets → agent handoff. Every /v1 route needs an API key ' +
        '(`Authorization: Bearer fg_live_…` or `X-API-Key`), is scoped to its tenant (another tenant’s id ' +
        'answers 404) and rate-limited per tenant. Errors are RFC 9457 application/problem+json.',
    },
    tags: tags.sort().map((name) => ({ name })),
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      schemas: componentSchemas(requests, responses),
      securitySchemes: {
        bearerApiKey: { type: 'http', scheme: 'bearer', description: 'an API key: `Authorization: Bearer fg_live_…`' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'the same API key' },
      },
      headers: {
        'RateLimit-Limit': {
          description: 'requests the tenant may make at once (bucket size)',
          schema: { type: 'integer' },
        },
        'RateLimit-Remaining': { description: 'requests left right now', schema: { type: 'integer' } },
        'RateLimit-Reset': { description: 'seconds until the bucket is full again', schema: { type: 'integer' } },
        'Retry-After': {
          description: 'seconds to wait before the next request is accepted',
          schema: { type: 'integer' },
        },
      },
    },
  };
}
