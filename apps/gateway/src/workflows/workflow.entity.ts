import type { Question, WorkflowOptions, WorkflowPhase, WorkflowStatus } from '@flowguard/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export interface WorkflowErrorView {
  phase: WorkflowPhase;
  reason: string;
  attempts: number;
  at: string;
}

export interface ValidationSummary {
  valid: boolean;
  errors: number;
  warnings: number;
}

/** The workflow as clients see it: a projection of its events (see workflow-projection.ts). */
@Entity({ name: 'workflow' })
@Index('workflow_tenant_created_idx', ['tenantId', 'createdAt', 'id'])
@Index('workflow_idempotency_uq', ['tenantId', 'idempotencyKey'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
export class WorkflowEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId: string;

  @Column('varchar', { length: 20 })
  status: WorkflowStatus;

  @Column('varchar', { length: 20 })
  phase: WorkflowPhase;

  @Column('int')
  progress: number;

  @Column('text')
  goal: string;

  @Column('jsonb')
  options: WorkflowOptions;

  @Column('jsonb')
  questions: Question[];

  @Column('varchar', { length: 10, nullable: true })
  complexity: string | null;

  @Column('uuid', { name: 'spec_id', nullable: true })
  specId: string | null;

  @Column('uuid', { name: 'ticket_set_id', nullable: true })
  ticketSetId: string | null;

  @Column('uuid', { name: 'handoff_id', nullable: true })
  handoffId: string | null;

  @Column('uuid', { name: 'execution_id', nullable: true })
  executionId: string | null;

  @Column('varchar', { name: 'execution_status', length: 20, nullable: true })
  executionStatus: string | null;

  @Column('jsonb', { nullable: true })
  validation: ValidationSummary | null;

  @Column('jsonb')
  errors: WorkflowErrorView[];

  @Column('varchar', { name: 'idempotency_key', length: 200, nullable: true })
  idempotencyKey: string | null;

  @Column('varchar', { name: 'correlation_id', length: 200 })
  correlationId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Set by the first cancel request, so concurrent or repeated cancels publish one event. */
  @Column('timestamptz', { name: 'cancel_requested_at', nullable: true })
  cancelRequestedAt?: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * Every event of a workflow, in the order the gateway recorded it. `seq` is the SSE event id
 * (Last-Event-ID resumes after it) and the webhook fan-out cursor.
 */
@Entity({ name: 'workflow_event' })
@Index('workflow_event_event_uq', ['eventId'], { unique: true })
@Index('workflow_event_tenant_seq_idx', ['tenantId', 'seq'])
@Index('workflow_event_workflow_seq_idx', ['workflowId', 'seq'])
export class WorkflowEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq: string;

  @Column('uuid', { name: 'event_id' })
  eventId: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId: string;

  @Column('uuid', { name: 'workflow_id' })
  workflowId: string;

  @Column('varchar', { length: 100 })
  type: string;

  /** The whole envelope: SSE and webhooks send it, resume re-publishes triggers from it. */
  @Column('jsonb')
  envelope: Record<string, unknown>;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
