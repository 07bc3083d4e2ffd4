import { ProblemDetails, WorkflowIdParams } from '@flowguard/contracts';
import { z } from 'zod';
import { named, type ApiRoute } from '../openapi/api-route';
import { StreamHeaders, TenantStreamQuery, WorkflowStreamQuery } from './sse.schemas';

const stream = {
  description: 'text/event-stream: `id` (seq), `event` (type), `data` (the envelope); `: heartbeat` comments',
  contentType: 'text/event-stream',
  body: named('EventStream', z.string()),
};

/** OpenAPI entries for SseController (spread into API_ROUTES in openapi/routes.ts). */
export const SSE_ROUTES: ApiRoute[] = [
  {
    method: 'get',
    path: '/v1/workflows/:id/events',
    operationId: 'streamWorkflowEvents',
    summary: 'Live events of one workflow (server-sent events)',
    description:
      'Replays the workflow’s events (after Last-Event-ID when given), then streams new ones; ends after the event that finishes the workflow unless follow=true.',
    tags: ['events'],
    params: WorkflowIdParams,
    query: WorkflowStreamQuery,
    headers: StreamHeaders,
    responses: {
      200: stream,
      404: {
        description: 'no workflow with this id for the caller’s tenant',
        body: named('ProblemDetails', ProblemDetails),
      },
    },
  },
  {
    method: 'get',
    path: '/v1/events',
    operationId: 'streamTenantEvents',
    summary: 'Live events of all the tenant’s workflows (server-sent events)',
    description:
      'From now, or after Last-Event-ID: every event of the tenant’s workflows in seq order; never ends by itself.',
    tags: ['events'],
    query: TenantStreamQuery,
    headers: StreamHeaders,
    responses: { 200: stream },
  },
];
