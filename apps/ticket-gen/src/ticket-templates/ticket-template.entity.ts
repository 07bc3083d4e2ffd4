import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { TemplateKind, TicketTemplate } from './ticket-template';

/**
 * A tenant's own ticket template. The registry's rule "at most one template per kind and
 * tenant" is also a unique constraint, so two replicas registering at once cannot both win.
 * Registering an id again replaces the template and bumps its version.
 */
@Entity({ name: 'ticket_template' })
@Unique('ticket_template_tenant_kind_uq', ['tenantId', 'kind'])
export class TicketTemplateEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId: string;

  @PrimaryColumn('varchar', { length: 64 })
  id: string;

  @Column('varchar', { length: 20 })
  kind: TemplateKind;

  /** The validated template (TicketTemplateSchema). */
  @Column('jsonb')
  template: TicketTemplate;

  @Column('int')
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
