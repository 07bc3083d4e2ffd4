import { createEvent, type EventTransaction, type TxContext } from '@flowguard/messaging';
import type { WorkflowPhase } from '@flowguard/contracts';
import type { EntityManager } from 'typeorm';
import { WorkflowControlEntity } from './workflow-control.entity';

export interface WorkflowRef {
  tenantId: string;
  workflowId: string;
  correlationId: string;
}

type TenantWorkflow = Pick<WorkflowRef, 'tenantId' | 'workflowId'>;

/** What this service knows of a workflow's fate, read under the workflow's lock. */
export interface WorkflowStatus {
  cancelled: boolean;
  /** The phase whose failure was reported (workflow.failed emitted), or null. */
  failedPhase: string | null;
}

/**
 * Cancellation and phase-failure bookkeeping shared by the generation services.
 *
 * Every decision that must not cross a cancel (commit an artifact, store a request, report a
 * failure) runs in a transaction that first calls `guard`: it takes a transaction-scoped
 * advisory lock on (tenant, workflow) — the same lock `markCancelled` takes — and then reads
 * the mark. So a cancel either commits first (the guarded transaction sees the mark and
 * writes nothing) or waits for the guarded commit (and then deletes what it wrote).
 */
export const WorkflowControl = {
  /**
   * Takes the workflow's lock until the transaction ends, then reads its status. Must run
   * inside a transaction: outside one the lock would be released at once.
   */
  async guard(manager: EntityManager, ref: TenantWorkflow): Promise<WorkflowStatus> {
    await lockWorkflow(manager, ref);
    const rows: { cancelled_at: Date | null; failed_phase: string | null }[] = await manager.query(
      `SELECT cancelled_at, failed_phase FROM ${tableOf(manager)} WHERE tenant_id = $1 AND workflow_id = $2`,
      [ref.tenantId, ref.workflowId],
    );
    return { cancelled: rows[0]?.cancelled_at != null, failedPhase: rows[0]?.failed_phase ?? null };
  },

  /**
   * A cheap unlocked read, to skip work early (e.g. before an LLM call). It decides nothing:
   * the commit re-checks with `guard`.
   */
  async isCancelled(manager: EntityManager, ref: TenantWorkflow): Promise<boolean> {
    const row = await manager.findOneBy(WorkflowControlEntity, { tenantId: ref.tenantId, workflowId: ref.workflowId });
    return row?.cancelledAt != null;
  },

  /**
   * Marks the workflow cancelled for its own tenant (another tenant's id has its own row),
   * under the workflow's lock; the caller deletes the partial artifacts in the same
   * transaction, after this, so it also sees what a guarded commit just wrote.
   */
  async markCancelled(manager: EntityManager, ref: TenantWorkflow): Promise<void> {
    await lockWorkflow(manager, ref);
    const table = tableOf(manager);
    await manager.query(
      `INSERT INTO ${table} (tenant_id, workflow_id, cancelled_at) VALUES ($1, $2, now())
       ON CONFLICT (tenant_id, workflow_id) DO UPDATE SET cancelled_at = coalesce(${table}.cancelled_at, EXCLUDED.cancelled_at)`,
      [ref.tenantId, ref.workflowId],
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
    return tx.run((ctx) => WorkflowControl.failOnceIn(ctx, ref, failure));
  },

  /** `failOnce` inside the caller's transaction (e.g. with the artifact that shows the failure). */
  async failOnceIn(
    { manager, emit }: TxContext,
    ref: WorkflowRef & { causationId: string },
    failure: { phase: WorkflowPhase; reason: string; attempts: number },
  ): Promise<boolean> {
    await lockWorkflow(manager, ref);
    const table = tableOf(manager);
    // Set only if neither failed nor cancelled before: the first failure wins, once.
    const updated: unknown[] = await manager.query(
      `INSERT INTO ${table} (tenant_id, workflow_id, failed_phase, failed_reason) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, workflow_id) DO UPDATE SET failed_phase = EXCLUDED.failed_phase, failed_reason = EXCLUDED.failed_reason
       WHERE ${table}.failed_phase IS NULL AND ${table}.cancelled_at IS NULL
       RETURNING workflow_id`,
      [ref.tenantId, ref.workflowId, failure.phase, failure.reason],
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
  },
};

/** The (tenant, workflow) advisory lock, held until the surrounding transaction ends. */
async function lockWorkflow(manager: EntityManager, ref: TenantWorkflow): Promise<void> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('WorkflowControl: the workflow lock needs a transaction (use the manager of a transaction)');
  }
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1::text || ':' || $2::text))`, [
    ref.tenantId,
    ref.workflowId,
  ]);
}

function tableOf(manager: EntityManager): string {
  const meta = manager.connection.getMetadata(WorkflowControlEntity);
  return `"${meta.schema}"."${meta.tableName}"`;
}
