import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import {
  CancelWorkflowRequest,
  CreateWorkflowHeaders,
  CreateWorkflowRequest,
  ListWorkflowsQuery,
  SubmitAnswersRequest,
  WorkflowIdParams,
  type ResumeWorkflowResponse,
  type WorkflowListResponse,
} from '@flowguard/contracts';
import type { Response } from 'express';
import { z } from 'zod';
import { ZodPipe } from '../http/problem';
import { ApiKeyGuard, TenantId } from '../tenants/api-key.guard';
import { workflowView } from './workflow.view';
import { WorkflowsService } from './workflows.service';

// The same schemas document the routes (openapi/routes.ts).
const IdParam = new ZodPipe(WorkflowIdParams.shape.id, 'path');
const IdempotencyKey = CreateWorkflowHeaders.shape['idempotency-key'];

@Controller('v1/workflows')
@UseGuards(ApiKeyGuard)
export class WorkflowsController {
  constructor(private readonly workflows: WorkflowsService) {}

  @Post()
  async create(
    @TenantId() tenantId: string,
    @Body(new ZodPipe(CreateWorkflowRequest)) body: CreateWorkflowRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const key = new ZodPipe(IdempotencyKey, 'query').transform(idempotencyKey);
    const { workflow, created } = await this.workflows.create(tenantId, body, key);
    res.status(created ? 202 : 200).location(`/v1/workflows/${workflow.id}`);
    return workflowView(workflow);
  }

  @Get()
  async list(
    @TenantId() tenantId: string,
    @Query(new ZodPipe(ListWorkflowsQuery, 'query')) query: z.infer<typeof ListWorkflowsQuery>,
  ): Promise<WorkflowListResponse> {
    const page = await this.workflows.list(tenantId, query);
    return { items: page.items.map(workflowView), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(@TenantId() tenantId: string, @Param('id', IdParam) id: string) {
    return workflowView(await this.workflows.get(tenantId, id));
  }

  @Post(':id/answers')
  @HttpCode(202)
  async answers(
    @TenantId() tenantId: string,
    @Param('id', IdParam) id: string,
    @Body(new ZodPipe(SubmitAnswersRequest)) body: z.infer<typeof SubmitAnswersRequest>,
  ) {
    return workflowView(await this.workflows.answer(tenantId, id, body));
  }

  @Post(':id/cancel')
  @HttpCode(202)
  async cancel(
    @TenantId() tenantId: string,
    @Param('id', IdParam) id: string,
    @Body(new ZodPipe(CancelWorkflowRequest)) body: z.infer<typeof CancelWorkflowRequest>,
  ) {
    return workflowView(await this.workflows.cancel(tenantId, id, body.reason));
  }

  /** Re-publishes the trigger of the first unfinished phase (a stuck or failed workflow). */
  @Post(':id/resume')
  @HttpCode(202)
  async resume(@TenantId() tenantId: string, @Param('id', IdParam) id: string): Promise<ResumeWorkflowResponse> {
    const { workflow, event } = await this.workflows.resume(tenantId, id);
    return {
      ...workflowView(workflow),
      resumed: { eventType: event.type, eventId: event.id, causationId: event.causationId },
    };
  }
}
