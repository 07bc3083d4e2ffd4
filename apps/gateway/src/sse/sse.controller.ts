import { Controller, Get, Headers, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ProblemException, ZodPipe, notFound } from '../http/problem';
import { ApiKeyGuard, TenantId } from '../tenants/api-key.guard';
import { WorkflowEntity } from '../workflows/workflow.entity';
import { TERMINAL_STATUSES } from './sse-format';
import { EventSeq, TenantStreamQuery, WorkflowStreamQuery } from './sse.schemas';
import { SseHub } from './sse-hub';

const IdParam = new ZodPipe(z.uuid({ message: 'must be a UUID' }), 'path');
type StreamQuery = { lastEventId?: string; follow?: 'true' | 'false' };

/** Last-Event-ID (what EventSource sends on reconnect) wins over ?lastEventId=; empty means none. */
function resumeAfter(header: string | undefined, query: StreamQuery): bigint | undefined {
  if (header !== undefined && header.trim() !== '') {
    const parsed = EventSeq.safeParse(header.trim());
    if (!parsed.success) {
      throw new ProblemException({
        title: 'Invalid request',
        status: 400,
        detail: 'the Last-Event-ID header is not an event id',
        errors: [{ field: 'Last-Event-ID', message: parsed.error.issues[0]?.message ?? 'invalid' }],
      });
    }
    return BigInt(parsed.data);
  }
  return query.lastEventId !== undefined ? BigInt(query.lastEventId) : undefined;
}

/** Live progress over server-sent events (see docs/gateway-sse.md). */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class SseController {
  constructor(
    private readonly ds: DataSource,
    private readonly hub: SseHub,
  ) {}

  @Get('workflows/:id/events')
  async workflowEvents(
    @TenantId() tenantId: string,
    @Param('id', IdParam) id: string,
    @Query(new ZodPipe(WorkflowStreamQuery, 'query')) query: WorkflowStreamQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const after = resumeAfter(lastEventId, query);
    // Read before the replay: "finished" then means its terminal event is already recorded.
    const workflow = await this.ds.manager.findOne(WorkflowEntity, {
      where: { id, tenantId },
      select: { id: true, status: true, options: true },
    });
    if (!workflow) throw notFound(`workflow ${id}`);
    this.hub.openWorkflow(req, res, {
      tenantId,
      workflowId: id,
      after: after ?? 0n,
      follow: query.follow === 'true',
      hasAgent: Boolean(workflow.options.agentType),
      finished: TERMINAL_STATUSES.has(workflow.status),
    });
  }

  @Get('events')
  async tenantEvents(
    @TenantId() tenantId: string,
    @Query(new ZodPipe(TenantStreamQuery, 'query')) query: StreamQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.hub.openTenant(req, res, { tenantId, after: resumeAfter(lastEventId, query) });
  }
}
