import type { EventEnvelope } from '@flowguard/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { InboxEntity } from './inbox.entity';
import { OutboxEntity } from './outbox.entity';
import type { OutboxRelay } from './outbox-relay';

export interface TxContext {
  manager: EntityManager;
  /** Queues `event` in the outbox, in this transaction: it is published only if the transaction commits. */
  emit(event: EventEnvelope): Promise<void>;
}

export type OnceResult<T> = { applied: true; value: T } | { applied: false };

/**
 * The unit of work for handlers and use cases: effect, inbox row and outbox rows commit
 * together or not at all, and the relay is kicked right after commit.
 */
export class EventTransaction {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: Pick<OutboxRelay, 'kick'>,
  ) {}

  /** Runs `effect` in a transaction; events it emits go out after commit. */
  async run<T>(effect: (tx: TxContext) => Promise<T>): Promise<T> {
    let emitted = 0;
    const value = await this.dataSource.transaction(async (manager) => {
      const tx: TxContext = {
        manager,
        emit: async (event) => {
          emitted += 1;
          await manager
            .createQueryBuilder()
            .insert()
            .into(OutboxEntity)
            .values({ id: event.id, tenantId: event.tenantId, type: event.type, envelope: () => ':envelope::jsonb' })
            .setParameter('envelope', JSON.stringify(event))
            .execute();
        },
      };
      return effect(tx);
    });
    if (emitted > 0) this.relay.kick();
    return value;
  }

  /**
   * Applies `effect` at most once per (consumer, event): the inbox row is inserted first in
   * the same transaction, so a redelivered or concurrently delivered event finds it and
   * is skipped.
   */
  async once<T>(consumer: string, event: EventEnvelope, effect: (tx: TxContext) => Promise<T>): Promise<OnceResult<T>> {
    return this.run(async (tx) => {
      const inserted = await tx.manager
        .createQueryBuilder()
        .insert()
        .into(InboxEntity)
        .values({ consumer, eventId: event.id, tenantId: event.tenantId })
        .orIgnore()
        .returning(['event_id'])
        .execute();
      if (inserted.raw.length === 0) return { applied: false } as const;
      return { applied: true, value: await effect(tx) } as const;
    });
  }
}
