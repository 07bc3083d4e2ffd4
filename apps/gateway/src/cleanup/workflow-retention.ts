import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, In, LessThan, type EntityManager } from 'typeorm';
import { GATEWAY_CONFIG, retentionMs, type GatewayConfig } from '../config';
import { WorkflowEntity, WorkflowEventEntity } from '../workflows/workflow.entity';

/** Workflows in these states are done; only they are ever deleted. */
export const FINISHED_STATUSES = ['completed', 'failed', 'cancelled'] as const;

export interface WorkflowRetentionHook {
  /**
   * Runs in the deleting transaction before the workflows and their event log go, with the
   * ids of one batch (all of the same run): delete rows of your own that refer to them.
   */
  beforeDelete(manager: EntityManager, workflowIds: string[]): Promise<void>;
}

/** Where other gateway modules (webhooks, SSE) add their per-workflow rows to the purge. */
@Injectable()
export class WorkflowRetentionHooks {
  private readonly hooks: WorkflowRetentionHook[] = [];

  register(hook: WorkflowRetentionHook): void {
    this.hooks.push(hook);
  }

  async beforeDelete(manager: EntityManager, workflowIds: string[]): Promise<void> {
    for (const hook of this.hooks) await hook.beforeDelete(manager, workflowIds);
  }
}

/**
 * Deletes completed, failed and cancelled workflows whose last change (`updated_at`) is older
 * than the retention period, with their event log, in batches of WORKFLOW_CLEANUP_BATCH (one
 * transaction each). Rows are claimed FOR UPDATE SKIP LOCKED: a workflow the projection or a
 * resume holds right now is left for the next run, and two runs never fight over a row.
 */
@Injectable()
export class WorkflowRetention {
  private readonly logger = new Logger('WorkflowRetention');

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly ds: DataSource,
    private readonly hooks: WorkflowRetentionHooks,
  ) {}

  /** One full pass; returns how many workflows were deleted. */
  async purge(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - retentionMs(this.config));
    const batch = this.config.WORKFLOW_CLEANUP_BATCH;
    let total = 0;
    for (;;) {
      const deleted = await this.ds.transaction(async (manager) => {
        const doomed = await manager
          .createQueryBuilder(WorkflowEntity, 'w')
          .select('w.id', 'id')
          .where({ status: In([...FINISHED_STATUSES]), updatedAt: LessThan(cutoff) })
          .orderBy('w.updated_at', 'ASC')
          .limit(batch)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getRawMany<{ id: string }>();
        const ids = doomed.map((row) => row.id);
        if (ids.length === 0) return 0;
        await this.hooks.beforeDelete(manager, ids);
        await manager.delete(WorkflowEventEntity, { workflowId: In(ids) });
        await manager.delete(WorkflowEntity, { id: In(ids) });
        return ids.length;
      });
      total += deleted;
      if (deleted < batch) break;
    }
    if (total > 0) this.logger.log(`deleted ${total} finished workflows last changed before ${cutoff.toISOString()}`);
    return total;
  }
}
