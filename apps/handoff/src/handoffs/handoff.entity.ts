import type { ExecutionResult, ExecutionStatus, HandoffMetadata } from '@flowguard/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { z } from 'zod';

/** A rendered handoff prompt. `triggerKey` makes generation idempotent (auto: per ticket set). */
@Entity({ name: 'handoff' })
@Index('handoff_trigger_uq', ['tenantId', 'triggerKey'], { unique: true })
export class HandoffEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId: string;

  @Column('uuid', { name: 'workflow_id' })
  workflowId: string;

  @Column('varchar', { name: 'trigger_key', length: 200 })
  triggerKey: string;

  @Column('varchar', { name: 'agent_type', length: 20 })
  agentType: string;

  @Column('varchar', { name: 'template_id', length: 100 })
  templateId: string;

  @Column('int', { name: 'template_version' })
  templateVersion: number;

  @Column('uuid', { name: 'ticket_set_id' })
  ticketSetId: string;

  @Column('text')
  content: string;

  @Column('jsonb')
  metadata: z.infer<typeof HandoffMetadata>;

  @Column('jsonb')
  warnings: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** The tracked run of a handoff by an agent or a person. */
@Entity({ name: 'execution' })
@Index('execution_workflow_idx', ['tenantId', 'workflowId', 'createdAt'])
export class ExecutionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId: string;

  @Column('uuid', { name: 'workflow_id' })
  workflowId: string;

  @Column('uuid', { name: 'handoff_id' })
  handoffId: string;

  @Column('varchar', { name: 'epic_key', length: 40 })
  epicKey: string;

  @Column('varchar', { length: 20 })
  status: ExecutionStatus;

  @Column('jsonb', { nullable: true })
  result: z.infer<typeof ExecutionResult> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt: Date | null;
}
