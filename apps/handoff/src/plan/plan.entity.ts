import type { Spec, TicketSet, ValidationReport, WorkflowOptions } from '@flowguard/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The spec as spec.created carried it: what handoffs and exports are built from. Keyed by
 * (tenant, workflow): another tenant's event for the same id is a row of its own.
 */
@Entity({ name: 'plan_spec' })
export class PlanSpecEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('uuid', { name: 'workflow_id' })
  workflowId: string;

  @Column('jsonb')
  spec: Spec;

  @Column('text')
  markdown: string;

  @Column('jsonb')
  options: WorkflowOptions;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One ticket set version as tickets.generated carried it. */
@Entity({ name: 'plan_tickets' })
@Index('plan_tickets_workflow_idx', ['tenantId', 'workflowId', 'version'])
export class PlanTicketsEntity {
  @PrimaryColumn('uuid', { name: 'ticket_set_id' })
  ticketSetId: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId: string;

  @Column('uuid', { name: 'workflow_id' })
  workflowId: string;

  @Column('int')
  version: number;

  @Column('jsonb', { name: 'ticket_set' })
  ticketSet: TicketSet;

  @Column('jsonb', { name: 'ticket_markdown' })
  ticketMarkdown: Record<string, string>;

  @Column('jsonb')
  validation: ValidationReport;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
