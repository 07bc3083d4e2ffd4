import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TicketTemplateEntity } from './ticket-template.entity';
import { TicketTemplateRegistry } from './template-registry';

const logger = new Logger('TicketTemplates');

/**
 * The registry for one tenant, rebuilt from its rows on every use: templates live in
 * Postgres, so every replica sees a registration at once and no cache can go stale.
 * `except` leaves one template out (the one being replaced by a new registration).
 */
export async function tenantTemplates(
  manager: EntityManager,
  tenantId: string,
  except?: string,
): Promise<TicketTemplateRegistry> {
  const registry = new TicketTemplateRegistry();
  const rows = await manager.find(TicketTemplateEntity, { where: { tenantId }, order: { id: 'ASC' } });
  for (const row of rows) {
    if (row.id === except) continue;
    try {
      registry.register(tenantId, row.template);
    } catch (err) {
      // A row written under older, looser rules: fall back to the built-in rather than
      // failing every plan of the tenant.
      logger.warn(`tenant ${tenantId}: stored template ${row.id} no longer validates: ${(err as Error).message}`);
    }
  }
  return registry;
}
