import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { HandlesQuery, QueryError } from '@flowguard/messaging';
import { DataSource } from 'typeorm';
import {
  HandoffGenerateRequest,
  HandoffGetRequest,
  HandoffListRequest,
  HandoffRenderRequest,
  parseRequest,
} from '../handoff-queries/handoff-query.schemas';
import { GenerateHandoff } from './generate-handoff.usecase';
import { HandoffEntity } from './handoff.entity';

/** Preview (no record), generate (record + execution + handoff.created), get and list. */
@Injectable()
export class HandoffsQueries {
  constructor(
    private readonly ds: DataSource,
    private readonly handoffs: GenerateHandoff,
  ) {}

  @HandlesQuery('handoffs.preview')
  async preview(payload: unknown) {
    const { tenantId, workflowId, ...request } = parseRequest(HandoffRenderRequest, payload);
    const rendered = await this.handoffs.preview(tenantId, workflowId, request);
    return {
      content: rendered.content,
      metadata: rendered.metadata,
      warnings: rendered.warnings,
      templateId: rendered.template.id,
    };
  }

  @HandlesQuery('handoffs.generate')
  async generate(payload: unknown) {
    const { tenantId, workflowId, requestKey, ...request } = parseRequest(HandoffGenerateRequest, payload);
    const triggerKey = `api:${requestKey ?? randomUUID()}`;
    const origin = { tenantId, workflowId, correlationId: `handoff:${triggerKey}`, causationId: null };
    return this.handoffs.generate(tenantId, workflowId, request, triggerKey, origin);
  }

  @HandlesQuery('handoffs.get')
  async get(payload: unknown) {
    const { tenantId, handoffId } = parseRequest(HandoffGetRequest, payload);
    const handoff = await this.ds.manager.findOneBy(HandoffEntity, { tenantId, id: handoffId });
    if (!handoff) throw new QueryError('not_found', `handoff ${handoffId} not found`);
    return handoff;
  }

  @HandlesQuery('handoffs.list')
  async list(payload: unknown) {
    const { tenantId, workflowId } = parseRequest(HandoffListRequest, payload);
    return this.ds.manager.find(HandoffEntity, {
      where: { tenantId, workflowId },
      order: { createdAt: 'DESC' },
      select: {
        id: true,
        workflowId: true,
        agentType: true,
        templateId: true,
        templateVersion: true,
        metadata: true,
        warnings: true,
        createdAt: true,
      },
    });
  }
}
