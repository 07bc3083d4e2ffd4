import {
  TICKET_SCHEMA_VERSION,
  type Ticket,
  type TicketDraft,
  type TicketSet,
  type ValidationReport,
} from '@flowguard/contracts';
import type { EntityManager } from 'typeorm';
import { renderTicketMarkdown } from '../render-tickets/ticket-markdown';
import type { TicketTemplateRegistry } from '../ticket-templates';
import { TicketEntity, TicketSetEntity } from './ticket.entity';

/** Row ↔ domain mapping and the reads shared by the job, the queries and the cancel handler. */

export function toTicket(row: TicketEntity): Ticket {
  return {
    key: row.key,
    level: row.level,
    kind: row.kind,
    parentKey: row.parentKey,
    title: row.title,
    description: row.description,
    acceptanceCriteria: row.acceptanceCriteria,
    implementationSteps: row.implementationSteps,
    files: row.files,
    estimatedEffort: row.estimatedEffort,
    priority: row.priority,
    tags: row.tags,
    blockedBy: row.blockedBy,
    covers: row.covers,
    specRef: row.specRef,
    status: row.status,
  };
}

export function toTicketSet(set: TicketSetEntity, tickets: Ticket[]): TicketSet {
  return {
    schemaVersion: TICKET_SCHEMA_VERSION,
    id: set.id,
    tenantId: set.tenantId,
    workflowId: set.workflowId,
    specId: set.specId,
    version: set.version,
    tickets,
    generatedBy: {
      provider: set.provider,
      model: set.model,
      promptId: set.promptId,
      promptVersion: set.promptVersion,
    },
    createdAt: set.createdAt.toISOString(),
  };
}

/** Markdown of one ticket with the tenant's template for its kind (front matter shows the status). */
export function ticketMarkdown(
  ticket: Ticket,
  set: Pick<TicketSetEntity, 'id' | 'tenantId' | 'specId' | 'workflowId' | 'version'>,
  templates: TicketTemplateRegistry,
): string {
  return renderTicketMarkdown(ticket, {
    ticketSetId: set.id,
    specId: set.specId,
    workflowId: set.workflowId,
    version: set.version,
    template: templates.forKind(set.tenantId, ticket.kind),
  });
}

/** A generated plan's tickets: every ticket starts open. */
export const openTickets = (drafts: TicketDraft[]): Ticket[] => drafts.map((d) => ({ ...d, status: 'open' }));

/** The rows of a freshly generated set, in plan order. */
export function newTicketRows(
  set: Pick<TicketSetEntity, 'id' | 'tenantId' | 'specId' | 'workflowId' | 'version'>,
  tickets: Ticket[],
  templates: TicketTemplateRegistry,
): Omit<TicketEntity, 'updatedAt'>[] {
  return tickets.map((ticket, position) => {
    return {
      ...ticket,
      ticketSetId: set.id,
      tenantId: set.tenantId,
      workflowId: set.workflowId,
      position,
      markdown: ticketMarkdown(ticket, set, templates),
    };
  });
}

/**
 * workflow.failed's reason for a plan that failed validation: the count and the first three
 * errors, each led by its rule id so a reader (or a dashboard) can tell dag-cycle from the rest.
 */
export function planFailureReason(report: ValidationReport): string {
  const errors = report.findings.filter((f) => f.severity === 'error');
  const first = errors.slice(0, 3).map((f) => `${f.rule}${f.ticketKey ? ` (${f.ticketKey})` : ''}: ${f.message}`);
  return `plan validation failed: ${report.errors} error${report.errors === 1 ? '' : 's'}: ${first.join('; ')}`;
}

/** The tenant's set of a workflow — the given version, or the latest — or null. */
export async function findTicketSet(
  manager: EntityManager,
  ref: { tenantId: string; workflowId: string; version?: number },
): Promise<TicketSetEntity | null> {
  return manager.findOne(TicketSetEntity, {
    where: {
      tenantId: ref.tenantId,
      workflowId: ref.workflowId,
      ...(ref.version !== undefined ? { version: ref.version } : {}),
    },
    order: { version: 'DESC', createdAt: 'DESC' },
  });
}

/** A set's tickets in plan order; `lock` takes row locks for a read-modify-write. */
export async function ticketsOf(
  manager: EntityManager,
  set: Pick<TicketSetEntity, 'id' | 'tenantId'>,
  lock = false,
): Promise<TicketEntity[]> {
  return manager.find(TicketEntity, {
    where: { ticketSetId: set.id, tenantId: set.tenantId },
    order: { position: 'ASC' },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
}

/** Highest stored version for a spec of the tenant (0 when none is stored yet). */
export async function latestVersion(manager: EntityManager, tenantId: string, specId: string): Promise<number> {
  const row = await manager
    .createQueryBuilder(TicketSetEntity, 's')
    .select('coalesce(max(s.version), 0)::int', 'version')
    .where('s.tenant_id = :tenantId AND s.spec_id = :specId', { tenantId, specId })
    .getRawOne<{ version: number }>();
  return row?.version ?? 0;
}
