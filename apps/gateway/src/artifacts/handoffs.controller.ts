import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import {
  EXECUTION_SCHEMA_VERSION,
  Execution,
  ExportsQuery,
  ExportsResponse,
  GenerateHandoffHeaders,
  HandoffIdParams,
  HandoffPreviewResponse,
  HandoffRequest,
  HandoffResponse,
  HandoffSummary,
  WorkflowIdParams,
} from '@flowguard/contracts';
import type { Response } from 'express';
import { z } from 'zod';
import { ProblemException, ZodPipe } from '../http/problem';
import { ApiKeyGuard, TenantId } from '../tenants/api-key.guard';
import { WorkflowsService } from '../workflows/workflows.service';
import { ServiceQueries } from './service-queries';

const Params = new ZodPipe(WorkflowIdParams, 'path');

/** handoffs.generate answers the stored rows; the execution row becomes the Execution contract. */
const GenerateReply = z.object({ handoff: HandoffResponse, execution: Execution.omit({ schemaVersion: true }) });

/** The Idempotency-Key header as handoffs.generate's requestKey (≤ 150 characters). */
function idempotencyKeyOf(value: string | undefined): string | undefined {
  const parsed = GenerateHandoffHeaders.safeParse({ 'idempotency-key': value });
  if (parsed.success) return parsed.data['idempotency-key'];
  throw new ProblemException({
    title: 'Invalid request',
    status: 400,
    detail: 'the headers failed validation',
    errors: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
  });
}

/** Agent prompts from a workflow's plan (the handoff service renders and keeps them), and exports. */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class HandoffsController {
  constructor(
    private readonly workflows: WorkflowsService,
    private readonly queries: ServiceQueries,
  ) {}

  /** Renders without storing anything. */
  @Post('workflows/:id/handoffs/preview')
  @HttpCode(200)
  async preview(
    @TenantId() tenantId: string,
    @Param(Params) { id }: { id: string },
    @Body(new ZodPipe(HandoffRequest)) body: HandoffRequest,
  ): Promise<z.infer<typeof HandoffPreviewResponse>> {
    await this.workflows.get(tenantId, id);
    return this.queries.ask(
      'handoff',
      'handoffs.preview',
      { ...body, tenantId, workflowId: id },
      HandoffPreviewResponse,
    );
  }

  /** Stores the handoff with a pending execution (handoff.created); Idempotency-Key → the first one. */
  @Post('workflows/:id/handoffs')
  @HttpCode(201)
  async generate(
    @TenantId() tenantId: string,
    @Param(Params) { id }: { id: string },
    @Body(new ZodPipe(HandoffRequest)) body: HandoffRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const requestKey = idempotencyKeyOf(idempotencyKey);
    await this.workflows.get(tenantId, id);
    const reply = await this.queries.ask(
      'handoff',
      'handoffs.generate',
      { ...body, tenantId, workflowId: id, ...(requestKey ? { requestKey } : {}) },
      GenerateReply,
    );
    res.location(`/v1/handoffs/${reply.handoff.id}`);
    return { handoff: reply.handoff, execution: { schemaVersion: EXECUTION_SCHEMA_VERSION, ...reply.execution } };
  }

  @Get('workflows/:id/handoffs')
  async list(@TenantId() tenantId: string, @Param(Params) { id }: { id: string }) {
    await this.workflows.get(tenantId, id);
    const items = await this.queries.ask(
      'handoff',
      'handoffs.list',
      { tenantId, workflowId: id },
      z.array(HandoffSummary),
    );
    return { items };
  }

  @Get('handoffs/:handoffId')
  async get(
    @TenantId() tenantId: string,
    @Param(new ZodPipe(HandoffIdParams, 'path')) { handoffId }: { handoffId: string },
  ) {
    return this.queries.ask('handoff', 'handoffs.get', { tenantId, handoffId }, HandoffResponse);
  }

  /** spec.md, tickets/*.md, IMPL_PLAN.md, TODO_LIST.md, tasks/*.json, taskmaster and speckit files. */
  @Get('workflows/:id/exports')
  async exports(
    @TenantId() tenantId: string,
    @Param(Params) { id }: { id: string },
    @Query(new ZodPipe(ExportsQuery, 'query')) query: z.infer<typeof ExportsQuery>,
  ) {
    await this.workflows.get(tenantId, id);
    return this.queries.ask(
      'handoff',
      'exports.get',
      { tenantId, workflowId: id, format: query.format },
      ExportsResponse,
    );
  }
}
