import type { EventData, Priority, Ticket, TicketStatus, ValidationReport } from '@flowguard/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';

/**
 * The spec.created payload, kept for the ticket job and for regenerations: the spec is an
 * input this service does not own, so it keeps its own copy rather than asking spec-gen.
 * Keyed by (tenant, workflow): another tenant's event for the same id is a row of its own.
 */
@Entity({ name: 'ticket_request' })
export class TicketRequestEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid', { name: 'workflow_id' })
  workflowId: string;

  @Column('uuid', { name: 'spec_id' })
  specId: string;

  @Column('jsonb')
  payload: EventData<'spec.created'>;

  @Column('uuid', { name: 'spec_event_id' })
  specEventId: string;

  @Column('varchar', { name: 'correlation_id', length: 200 })
  correlationId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * One generated plan for a spec. (tenant, spec_id, version) is unique: a rerun of the same
 * job, or a second delivery of spec.created, can never store a second set of the same version
 * (and another tenant's event naming the same spec id cannot take that version away).
 */
@Entity({ name: 'ticket_set' })
@Unique('ticket_set_tenant_spec_version_uq', ['tenantId', 'specId', 'version'])
@Index('ticket_set_tenant_workflow_idx', ['tenantId', 'workflowId'])
export class TicketSetEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId: string;

  @Column('uuid', { name: 'workflow_id' })
  workflowId: string;

  @Column('uuid', { name: 'spec_id' })
  specId: string;

  @Column('int')
  version: number;

  /** The plan's ValidationReport, kept whether or not the plan passed. */
  @Column('jsonb')
  validation: ValidationReport;

  @Column('varchar', { length: 40 })
  provider: string;

  @Column('varchar', { length: 100 })
  model: string;

  @Column('varchar', { name: 'prompt_id', length: 60 })
  promptId: string;

  @Column('int', { name: 'prompt_version' })
  promptVersion: number;

  // Set by the job, not by a column default: the same instant goes into the event and markdown.
  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}

/** One ticket of a set; its status moves through the lifecycle, everything else is as generated. */
@Entity({ name: 'ticket' })
@Index('ticket_tenant_workflow_idx', ['tenantId', 'workflowId'])
export class TicketEntity {
  @PrimaryColumn('uuid', { name: 'ticket_set_id' })
  ticketSetId: string;

  @PrimaryColumn('varchar', { length: 40 })
  key: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId: string;

  @Column('uuid', { name: 'workflow_id' })
  workflowId: string;

  /** Position in the generated plan: the order trees and exports are printed in. */
  @Column('int')
  position: number;

  @Column('varchar', { length: 10 })
  level: Ticket['level'];

  @Column('varchar', { length: 20 })
  kind: Ticket['kind'];

  @Column('varchar', { name: 'parent_key', length: 40, nullable: true })
  parentKey: string | null;

  @Column('text')
  title: string;

  @Column('text')
  description: string;

  @Column('jsonb', { name: 'acceptance_criteria' })
  acceptanceCriteria: string[];

  @Column('jsonb', { name: 'implementation_steps' })
  implementationSteps: string[];

  @Column('jsonb')
  files: string[];

  @Column('varchar', { name: 'estimated_effort', length: 20 })
  estimatedEffort: string;

  @Column('varchar', { length: 2 })
  priority: Priority;

  @Column('jsonb')
  tags: string[];

  @Column('jsonb', { name: 'blocked_by' })
  blockedBy: string[];

  @Column('jsonb')
  covers: string[];

  @Column('varchar', { name: 'spec_ref', length: 60 })
  specRef: string;

  @Column('varchar', { length: 20 })
  status: TicketStatus;

  /** The ticket as markdown with front matter; re-rendered when its status changes. */
  @Column('text')
  markdown: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
