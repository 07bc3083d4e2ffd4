import type { Answer, Assumption, Complexity, Question, WorkflowOptions } from '@flowguard/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The goal as submitted: what the analysis job reads. Written when goal.submitted arrives.
 * Keyed by (tenant, workflow), like every per-workflow row: another tenant's id is another row.
 */
@Entity({ name: 'goal_request' })
export class GoalRequestEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid', { name: 'workflow_id' })
  workflowId: string;

  @Column('text')
  goal: string;

  @Column('jsonb')
  options: WorkflowOptions;

  @Column('uuid', { name: 'submitted_event_id' })
  submittedEventId: string;

  @Column('varchar', { name: 'correlation_id', length: 200 })
  correlationId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** The clarification artifact: one per (tenant, workflow), created by the analysis job. */
@Entity({ name: 'clarification' })
export class ClarificationEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid', { name: 'workflow_id' })
  workflowId: string;

  @Column('jsonb')
  restated: { goal: string; scope: string; context: string };

  @Column('varchar', { length: 10 })
  complexity: Complexity;

  @Column('jsonb', { name: 'conflict_risk' })
  conflictRisk: { level: 'low' | 'medium' | 'high'; reasons: string[] };

  @Column('jsonb')
  questions: Question[];

  /** Answers received so far (user) — the defaults are applied when it is finalised. */
  @Column('jsonb')
  answers: Answer[];

  @Column('jsonb')
  assumptions: Assumption[];

  @Column('varchar', { length: 20 })
  status: 'awaiting_answers' | 'clarified';

  @Column('varchar', { length: 40 })
  provider: string;

  @Column('varchar', { length: 100 })
  model: string;

  @Column('varchar', { name: 'prompt_id', length: 60 })
  promptId: string;

  @Column('int', { name: 'prompt_version' })
  promptVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
