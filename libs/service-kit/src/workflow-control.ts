import { createEvent, type EventTransaction } from '@flowguard/messaging';
import type { WorkflowPhase } from '@flowguard/contracts';
import type { EntityManager } from 'typeorm';
import { WorkflowControlEntity } from './workflow-control.entity';

export interface WorkflowRef {
  tenantId: string;
  workflowId: string;
  correlationId: string;
}

/** Cancellation and phase-failure bookkeeping shared by the generation services. */
export const WorkflowControl = {
  async isCancelled(manager: EntityManager, ref: Pick<WorkflowRef, 'tenantId' | 'workflowId'>): Promise<boolean> {
    const inTransaction = manager.queryRunner?.isTransactionActive ?? false;
    const row = await manager.findOne(WorkflowControlEntity, {
      where: { workflowId: ref.workflowId, tenantId: ref.tenantId },
      // Inside the artifact's transaction, a share lock orders it against a concurrent cancel.
      ...(inTransaction ? { lock: { mode: 'pessimistic_read' as const } } : {}),
    });
    return row?.cancelledAt != null;
  },

  /** Marks the workflow cancelled — only for its own tenant: another tenant's id changes nothing. */
  async markCancelled(manager: EntityManager, ref: Pick<WorkflowRef, 'tenantId' | 'workflowId'>): Promise<void> {
    const table = tableOf(manager);
    await manager.query(
      `INSERT INTO ${table} (workflow_id, tenant_id, cancelled_at) VALUES ($1, $2, now())
       ON CONFLICT (workflow_id) DO UPDATE SET cancelled_at = EXCLUDED.cancelled_at
       WHERE ${table}.tenant_id = EXCLUDED.tenant_id`,
      [ref.workflowId, ref.tenantId],
    );
  },

  /**
   * Records that `phase` failed and emits workflow.failed, once per workflow: a retried
   * final attempt or a redelivery finds the record and emits nothing.
   */
  async failOnce(
    tx: EventTransaction,
    ref: WorkflowRef & { causationId: string },
    failure: { phase: WorkflowPhase; reason: string; attempts: number },
  ): Promise<boolean> {
    return tx.run(async ({ manager, emit }) => {
      const table = tableOf(manager);
      // Set only if neither failed nor cancelled before: the first failure wins, once.
      const updated: unknown[] = await manager.query(
        `INSERT INTO ${table} (workflow_id, tenant_id, failed_phase, failed_reason) VALUES ($1, $2, $3, $4)
         ON CONFLICT (workflow_id) DO UPDATE SET failed_phase = EXCLUDED.failed_phase, failed_reason = EXCLUDED.failed_reason
         WHERE ${table}.failed_phase IS NULL AND ${table}.cancelled_at IS NULL AND ${table}.tenant_id = EXCLUDED.tenant_id
         RETURNING workflow_id`,
        [ref.workflowId, ref.tenantId, failure.phase, failure.reason],
      );
      if (updated.length === 0) return false;
      await emit(
        createEvent(
          'workflow.failed',
          {
            tenantId: ref.tenantId,
            workflowId: ref.workflowId,
            correlationId: ref.correlationId,
            causationId: ref.causationId,
          },
          failure,
        ),
      );
      return true;
    });
  },
};

function tableOf(manager: EntityManager): string {
  const meta = manager.connection.getMetadata(WorkflowControlEntity);
  return `"${meta.schema}"."${meta.tableName}"`;
}
