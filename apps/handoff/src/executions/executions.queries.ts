import { Injectable } from '@nestjs/common';
import type { Execution } from '@flowguard/contracts';
import { EventTransaction, HandlesQuery, QueryError, createEvent } from '@flowguard/messaging';
import { DataSource } from 'typeorm';
import { ExecutionEntity } from '../handoffs/handoff.entity';
import {
  ExecutionGetRequest,
  ExecutionListRequest,
  ExecutionUpdateRequest,
  parseRequest,
} from '../handoff-queries/handoff-query.schemas';
import { transitionExecution } from './execution-lifecycle';

export function toExecution(row: ExecutionEntity): Execution {
  return {
    schemaVersion: 1,
    id: row.id,
    tenantId: row.tenantId,
    workflowId: row.workflowId,
    handoffId: row.handoffId,
    status: row.status,
    result: row.result,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    completedAt: row.completedAt ? row.completedAt.toISOString() : null,
  };
}

/** Executions: get, list (per workflow and epic, newest first), update → execution.updated. */
@Injectable()
export class ExecutionsQueries {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: EventTransaction,
  ) {}

  @HandlesQuery('executions.get')
  async get(payload: unknown) {
    const { tenantId, executionId } = parseRequest(ExecutionGetRequest, payload);
    const row = await this.ds.manager.findOneBy(ExecutionEntity, { tenantId, id: executionId });
    if (!row) throw new QueryError('not_found', `execution ${executionId} not found`);
    return toExecution(row);
  }

  @HandlesQuery('executions.list')
  async list(payload: unknown) {
    const { tenantId, workflowId, epicKey } = parseRequest(ExecutionListRequest, payload);
    const rows = await this.ds.manager.find(ExecutionEntity, {
      where: { tenantId, workflowId, ...(epicKey ? { epicKey } : {}) },
      order: { createdAt: 'DESC' },
    });
    return rows.map(toExecution);
  }

  @HandlesQuery('executions.update')
  async update(payload: unknown) {
    const { tenantId, executionId, status, result } = parseRequest(ExecutionUpdateRequest, payload);
    return this.tx.run(async ({ manager, emit }) => {
      const row = await manager.findOne(ExecutionEntity, {
        where: { tenantId, id: executionId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw new QueryError('not_found', `execution ${executionId} not found`);
      const current = toExecution(row);
      const moved = transitionExecution(current, status, result, new Date());
      if (!moved.ok) throw new QueryError(moved.code, moved.reason);
      const next = moved.execution;
      await manager.update(
        ExecutionEntity,
        { tenantId, id: executionId },
        { status: next.status, result: next.result, completedAt: next.completedAt ? new Date(next.completedAt) : null },
      );
      await emit(
        createEvent(
          'execution.updated',
          { tenantId, workflowId: row.workflowId, correlationId: `execution:${executionId}`, causationId: null },
          {
            executionId,
            handoffId: row.handoffId,
            status: next.status,
            previousStatus: moved.event.previousStatus,
            result: next.result,
          },
        ),
      );
      return toExecution(await manager.findOneByOrFail(ExecutionEntity, { tenantId, id: executionId }));
    });
  }
}
