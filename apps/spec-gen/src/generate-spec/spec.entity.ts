import type { EventData, SpecContent } from '@flowguard/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';

/**
 * The goal.clarified payload, kept for the spec job to read. Written when the event arrives;
 * keyed by (tenant, workflow), so another tenant's event for the same id is a row of its own.
 */
@Entity({ name: 'spec_request' })
export class SpecRequestEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid', { name: 'workflow_id' })
  workflowId: string;

  @Column('jsonb')
  payload: EventData<'goal.clarified'>;

  @Column('uuid', { name: 'clarified_event_id' })
  clarifiedEventId: string;

  @Column('varchar', { name: 'correlation_id', length: 200 })
  correlationId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A stored spec: the structured content and the markdown rendered from it (front matter with
 * ids and provenance). One row per (tenant, workflow, version); the generation job writes version 1.
 */
@Entity({ name: 'spec' })
@Unique('spec_tenant_workflow_version_uq', ['tenantId', 'workflowId', 'version'])
export class SpecEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId: string;

  @Column('uuid', { name: 'workflow_id' })
  workflowId: string;

  @Column('int')
  version: number;

  @Column('jsonb')
  content: SpecContent;

  @Column('text')
  markdown: string;

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
}
