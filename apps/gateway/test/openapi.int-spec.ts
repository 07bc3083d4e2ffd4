import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { DiscoveryService } from '@nestjs/core';
import {
  CancelWorkflowRequest,
  CreateWorkflowRequest,
  ProblemDetails,
  SubmitAnswersRequest,
  WorkflowResponse,
} from '@flowguard/contracts';
import { z } from 'zod';
import { openApiPath } from '../src/openapi/openapi-document';
import { discoverRoutes, routesOf } from '../src/openapi/route-discovery';
import { WorkflowsController } from '../src/workflows/workflows.controller';
import { gatewayHarness } from './gateway-harness';

jest.setTimeout(60_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The JSON Schema of a zod contract as the document publishes it. */
const asJsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
};

/** Which kinds of input a handler reads (@Body, @Param, @Query, @Headers), from Nest's metadata. */
function inputsOf(handler: string): Set<RouteParamtypes> {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, WorkflowsController, handler) ?? {}) as Record<
    string,
    unknown
  >;
  return new Set(Object.keys(args).map((key) => Number(key.split(':')[0]) as RouteParamtypes));
}

describe('OpenAPI document at /docs/openapi.json', () => {
  let h: Awaited<ReturnType<typeof gatewayHarness>>;
  let doc: Json;

  beforeAll(async () => {
    h = await gatewayHarness('openapi');
    const res = await fetch(`${h.base}/docs/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    doc = JSON.parse(await res.text()) as Json;
  });
  afterAll(async () => {
    await h.close();
  });

  it('is OpenAPI 3.1 with the API-key security schemes, needing no key itself', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'FlowGuard API', version: expect.any(String) });
    expect(doc.components.securitySchemes).toEqual({
      bearerApiKey: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      apiKeyHeader: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
    });
    expect(doc.components.schemas.ProblemDetails).toEqual(asJsonSchema(ProblemDetails, 'output'));
  });

  it('documents every route of WorkflowsController with its request schema, parameters and responses', () => {
    const routes = routesOf(WorkflowsController);
    expect(routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'get /v1/workflows',
      'get /v1/workflows/:id',
      'post /v1/workflows',
      'post /v1/workflows/:id/answers',
      'post /v1/workflows/:id/cancel',
      'post /v1/workflows/:id/resume',
    ]);
    for (const route of routes) {
      const op = doc.paths[openApiPath(route.path)]?.[route.method] as Json | undefined;
      expect({ route: route.handler, documented: Boolean(op) }).toEqual({ route: route.handler, documented: true });
      const inputs = inputsOf(route.handler);
      const params = (op!.parameters ?? []) as Json[];
      // Every :param is a required path parameter.
      for (const name of route.path.match(/:(\w+)/g) ?? []) {
        expect(params).toContainEqual(expect.objectContaining({ name: name.slice(1), in: 'path', required: true }));
      }
      if (inputs.has(RouteParamtypes.QUERY)) expect(params.some((p) => p.in === 'query')).toBe(true);
      if (inputs.has(RouteParamtypes.BODY)) {
        const ref = op!.requestBody?.content?.['application/json']?.schema?.$ref as string;
        expect({ route: route.handler, ref }).toEqual({
          route: route.handler,
          ref: expect.stringMatching(/^#\/components\/schemas\//),
        });
        expect(doc.components.schemas[ref.split('/').pop()!]).toBeDefined();
      } else {
        expect(op!.requestBody).toBeUndefined();
      }
      expect(op!.security).toEqual([{ bearerApiKey: [] }, { apiKeyHeader: [] }]);
      for (const status of ['401', '429', '500']) {
        expect(op!.responses[status].content['application/problem+json'].schema).toEqual({
          $ref: '#/components/schemas/ProblemDetails',
        });
      }
      expect(op!.responses['429'].headers['Retry-After']).toBeDefined();
    }
    // The request schemas are the zod contracts the handlers validate with, as the client sends them.
    expect(doc.components.schemas.CreateWorkflowRequest).toEqual(asJsonSchema(CreateWorkflowRequest, 'input'));
    expect(doc.components.schemas.SubmitAnswersRequest).toEqual(asJsonSchema(SubmitAnswersRequest, 'input'));
    expect(doc.components.schemas.CancelWorkflowRequest).toEqual(asJsonSchema(CancelWorkflowRequest, 'input'));
    expect(doc.components.schemas.WorkflowResponse).toEqual(asJsonSchema(WorkflowResponse, 'output'));
    expect(doc.paths['/v1/workflows'].get.parameters.map((p: Json) => p.name).sort()).toEqual([
      'cursor',
      'limit',
      'status',
    ]);
    expect(doc.paths['/v1/workflows'].post.parameters).toContainEqual(
      expect.objectContaining({ name: 'idempotency-key', in: 'header', required: false }),
    );
    expect(doc.paths['/v1/workflows/{id}/resume'].post.responses['202'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ResumeWorkflowResponse',
    });
  });

  it('covers every /v1 route the app registers (append new ones to openapi/routes.ts), and every $ref resolves', () => {
    const registered = discoverRoutes(h.app.get(DiscoveryService)).filter((r) => r.path.startsWith('/v1/'));
    const undocumented = registered.filter((r) => doc.paths[openApiPath(r.path)]?.[r.method]?.['x-undocumented']);
    expect(undocumented.map((r) => `${r.method.toUpperCase()} ${r.path} (${r.controller}.${r.handler})`)).toEqual([]);
    for (const r of registered) expect(doc.paths[openApiPath(r.path)]?.[r.method]).toBeDefined();
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/(schemas|headers)\/([^"]+)"/g)];
    expect(refs.length).toBeGreaterThan(10);
    for (const [, kind, name] of refs)
      expect({ ref: `${kind}/${name}`, ok: name in doc.components[kind] }).toEqual({
        ref: `${kind}/${name}`,
        ok: true,
      });
  });

  it('a real response conforms to the documented WorkflowResponse', async () => {
    const created = await h.call('POST', '/v1/workflows', { key: h.a.apiKey, body: { goal: 'Add CSV export' } });
    expect(created.status).toBe(202);
    expect(WorkflowResponse.strict().parse(created.body)).toEqual(created.body);
  });

  it('/docs renders the same document as plain HTML, without scripts', async () => {
    const res = await fetch(`${h.base}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).not.toContain('<script');
    for (const path of Object.keys(doc.paths)) expect(html).toContain(path);
    for (const name of ['CreateWorkflowRequest', 'WorkflowResponse', 'ProblemDetails']) {
      expect(html).toContain(`id="schema-${name}"`);
    }
  });
});
