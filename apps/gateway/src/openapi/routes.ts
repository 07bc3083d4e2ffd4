import {
  CancelWorkflowRequest,
  CreateWorkflowHeaders,
  CreateWorkflowRequest,
  ListWorkflowsQuery,
  ProblemDetails,
  ResumeWorkflowResponse,
  SubmitAnswersRequest,
  WorkflowIdParams,
  WorkflowListResponse,
  WorkflowResponse,
} from '@flowguard/contracts';
import { z } from 'zod';
import { ARTIFACT_ROUTES } from '../artifacts/artifacts.routes';
import { SSE_ROUTES } from '../sse/sse.routes';
import { WEBHOOK_ROUTES } from '../webhooks/webhook.routes';
import { named, type ApiRoute } from './api-route';

const Workflow = named('WorkflowResponse', WorkflowResponse);
const Problem = named('ProblemDetails', ProblemDetails);

const notFound = { description: 'no workflow with this id for the caller’s tenant', body: Problem };
const conflict = (detail: string) => ({ description: detail, body: Problem });

/** WorkflowsController: `/v1/workflows`. */
export const WORKFLOW_ROUTES: ApiRoute[] = [
  {
    method: 'post',
    path: '/v1/workflows',
    operationId: 'createWorkflow',
    summary: 'Submit a goal or PRD; starts a workflow',
    description: 'Stores the workflow and publishes goal.submitted in one transaction.',
    tags: ['workflows'],
    headers: CreateWorkflowHeaders,
    body: named('CreateWorkflowRequest', CreateWorkflowRequest),
    responses: {
      202: {
        description: 'created; `Location` names the workflow',
        body: Workflow,
        headers: { Location: { description: 'the workflow URL', schema: z.string() } },
      },
      200: { description: 'a repeated Idempotency-Key: the first workflow', body: Workflow },
      413: { description: 'the body exceeds GATEWAY_BODY_LIMIT', body: Problem },
    },
  },
  {
    method: 'get',
    path: '/v1/workflows',
    operationId: 'listWorkflows',
    summary: 'List the tenant’s workflows, newest first, with cursor pagination',
    tags: ['workflows'],
    query: ListWorkflowsQuery,
    responses: { 200: { description: 'one page', body: named('WorkflowListResponse', WorkflowListResponse) } },
  },
  {
    method: 'get',
    path: '/v1/workflows/:id',
    operationId: 'getWorkflow',
    summary: 'Read one workflow',
    tags: ['workflows'],
    params: WorkflowIdParams,
    responses: { 200: { description: 'the workflow', body: Workflow }, 404: notFound },
  },
  {
    method: 'post',
    path: '/v1/workflows/:id/answers',
    operationId: 'submitAnswers',
    summary: 'Answer the clarifying questions',
    description: 'Publishes answers.submitted; questions left unanswered take their default.',
    tags: ['workflows'],
    params: WorkflowIdParams,
    body: named('SubmitAnswersRequest', SubmitAnswersRequest),
    responses: {
      202: { description: 'accepted', body: Workflow },
      404: notFound,
      409: conflict('the workflow does not await answers'),
    },
  },
  {
    method: 'post',
    path: '/v1/workflows/:id/cancel',
    operationId: 'cancelWorkflow',
    summary: 'Cancel a workflow',
    description: 'Publishes workflow.cancelled; every service stops work on it.',
    tags: ['workflows'],
    params: WorkflowIdParams,
    body: named('CancelWorkflowRequest', CancelWorkflowRequest),
    responses: {
      202: { description: 'accepted', body: Workflow },
      404: notFound,
      409: conflict('the workflow is already completed, failed or cancelled'),
    },
  },
  {
    method: 'post',
    path: '/v1/workflows/:id/resume',
    operationId: 'resumeWorkflow',
    summary: 'Resume a stuck or failed workflow',
    description:
      'Re-publishes the trigger of the first unfinished phase (goal.submitted, answers.submitted, ' +
      'goal.clarified, spec.created or tickets.generated) with a new event id, the same data and ' +
      'correlation, and the original as causation. A failed workflow goes back to that phase’s status. ' +
      'Phases whose artifact exists ignore the copy; a phase whose job failed for good runs again only ' +
      'once its service has dropped that job.',
    tags: ['workflows'],
    params: WorkflowIdParams,
    responses: {
      202: {
        description: 'the trigger was re-published',
        body: named('ResumeWorkflowResponse', ResumeWorkflowResponse),
      },
      404: notFound,
      409: conflict('completed or cancelled, or nothing to resume (e.g. the workflow awaits answers)'),
    },
  },
];

/**
 * Every documented /v1 route. A controller adding routes appends its own list here; the
 * OpenAPI test fails for any /v1 route the app registers without an entry (it still appears
 * in the document, marked `x-undocumented`).
 */
export const API_ROUTES: readonly ApiRoute[] = [
  ...WORKFLOW_ROUTES,
  ...ARTIFACT_ROUTES,
  ...SSE_ROUTES,
  ...WEBHOOK_ROUTES,
];
