import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row per LLM call (a repair included), successful or not: what the provider charged.
 * Each generation service keeps its own ledger in its schema; the gateway sums them.
 */
@Entity({ name: 'token_usage' })
@Index('token_usage_tenant_workflow_idx', ['tenantId', 'workflowId'])
export class TokenUsageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId: string;

  @Column('uuid', { name: 'workflow_id' })
  workflowId: string;

  @Column('varchar', { length: 40 })
  purpose: string;

  @Column('varchar', { length: 40 })
  provider: string;

  @Column('varchar', { length: 100 })
  model: string;

  @Column('int', { name: 'prompt_tokens' })
  promptTokens: number;

  @Column('int', { name: 'completion_tokens' })
  completionTokens: number;

  /** The BullMQ job and attempt that spent the tokens. */
  @Column('varchar', { name: 'job_id', length: 200 })
  jobId: string;

  @Column('int')
  attempt: number;

  /** Wall time of the call in ms; null where it failed before an answer was timed. */
  @Column('int', { name: 'latency_ms', nullable: true })
  latencyMs: number | null;

  /**
   * succeeded: the answer became the artifact; failed: the call failed (charged anyway);
   * discarded: a good answer thrown away at commit (workflow cancelled, artifact already there).
   */
  @Column('varchar', { length: 20 })
  outcome: 'succeeded' | 'failed' | 'discarded';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
