import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A tenant's template; for its agent type it overrides the built-in, for that tenant only. */
@Entity({ name: 'handoff_template' })
@Index('handoff_template_agent_uq', ['tenantId', 'agentType'], { unique: true, where: 'deleted_at IS NULL' })
export class HandoffTemplateEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId: string;

  @Column('varchar', { name: 'agent_type', length: 20 })
  agentType: string;

  @Column('varchar', { length: 200 })
  name: string;

  @Column('text')
  source: string;

  @Column('int')
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt: Date | null;
}

/** Every saved version of a tenant template, kept. */
@Entity({ name: 'handoff_template_version' })
export class HandoffTemplateVersionEntity {
  @PrimaryColumn('uuid', { name: 'template_id' })
  templateId: string;

  @PrimaryColumn('int')
  version: number;

  @Column('uuid', { name: 'tenant_id' })
  tenantId: string;

  @Column('text')
  source: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
