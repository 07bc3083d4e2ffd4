import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { WorkflowEventEntity } from './workflow.entity';

export interface WorkflowEventHook {
  /** Runs in the transaction that records the event (e.g. webhook delivery rows). */
  inTransaction?(manager: EntityManager, row: WorkflowEventEntity): Promise<void>;
  /** Runs after that transaction committed (e.g. enqueue, wake SSE streams). */
  afterCommit?(row: WorkflowEventEntity): void | Promise<void>;
}

/** Where SSE and webhooks plug into the event log without a second consumer per event. */
@Injectable()
export class WorkflowEventHooks {
  private readonly hooks: WorkflowEventHook[] = [];

  register(hook: WorkflowEventHook): void {
    this.hooks.push(hook);
  }

  async inTransaction(manager: EntityManager, row: WorkflowEventEntity): Promise<void> {
    for (const hook of this.hooks) await hook.inTransaction?.(manager, row);
  }

  async afterCommit(row: WorkflowEventEntity): Promise<void> {
    for (const hook of this.hooks) await hook.afterCommit?.(row);
  }
}
