import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Per-service record of a workflow's fate as this service knows it: cancelled (stop work,
 * drop partial artifacts) or failed in a phase (workflow.failed emitted exactly once).
 * Keyed by (tenant, workflow): another tenant's event naming the same workflow id has a row
 * of its own and can neither block nor change this one.
 */
@Entity({ name: 'workflow_control' })
export class WorkflowControlEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid', { name: 'workflow_id' })
  workflowId: string;

  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  cancelledAt: Date | null;

  @Column('varchar', { name: 'failed_phase', length: 40, nullable: true })
  failedPhase: string | null;

  @Column('text', { name: 'failed_reason', nullable: true })
  failedReason: string | null;
}
