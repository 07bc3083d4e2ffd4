import { Body, Controller, Get, Param, Patch, Query, UseGuards } from '@nestjs/common';
import {
  Execution,
  ExecutionIdParams,
  ListExecutionsQuery,
  UpdateExecutionRequest,
  WorkflowIdParams,
} from '@flowguard/contracts';
import { z } from 'zod';
import { ZodPipe } from '../http/problem';
import { ApiKeyGuard, TenantId } from '../tenants/api-key.guard';
import { WorkflowsService } from '../workflows/workflows.service';
import { ServiceQueries } from './service-queries';

const ExecutionParams = new ZodPipe(ExecutionIdParams, 'path');

/** The tracked runs of handoffs (the handoff service owns them). */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class ExecutionsController {
  constructor(
    private readonly workflows: WorkflowsService,
    private readonly queries: ServiceQueries,
  ) {}

  /** Newest first; `epicKey` narrows to one epic's executions. */
  @Get('workflows/:id/executions')
  async list(
    @TenantId() tenantId: string,
    @Param(new ZodPipe(WorkflowIdParams, 'path')) { id }: { id: string },
    @Query(new ZodPipe(ListExecutionsQuery, 'query')) query: z.infer<typeof ListExecutionsQuery>,
  ) {
    await this.workflows.get(tenantId, id);
    const items = await this.queries.ask(
      'handoff',
      'executions.list',
      { tenantId, workflowId: id, ...(query.epicKey ? { epicKey: query.epicKey } : {}) },
      z.array(Execution),
    );
    return { items };
  }

  @Get('executions/:executionId')
  async get(@TenantId() tenantId: string, @Param(ExecutionParams) { executionId }: { executionId: string }) {
    return this.queries.ask('handoff', 'executions.get', { tenantId, executionId }, Execution);
  }

  /** Moves the execution (execution.updated); a move the lifecycle refuses answers 409 with its code. */
  @Patch('executions/:executionId')
  async update(
    @TenantId() tenantId: string,
    @Param(ExecutionParams) { executionId }: { executionId: string },
    @Body(new ZodPipe(UpdateExecutionRequest)) body: z.infer<typeof UpdateExecutionRequest>,
  ) {
    return this.queries.ask('handoff', 'executions.update', { ...body, tenantId, executionId }, Execution);
  }
}
