import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Event ids a consumer has applied; written in the same transaction as the effect. */
@Entity({ name: 'inbox' })
export class InboxEntity {
  @PrimaryColumn('varchar', { length: 200 })
  consumer: string;

  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId: string;

  @CreateDateColumn({ name: 'processed_at', type: 'timestamptz' })
  processedAt: Date;
}
