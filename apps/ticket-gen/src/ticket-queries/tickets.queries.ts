import { Inject, Injectable } from '@nestjs/common';
import { HandlesQuery, QueryError } from '@flowguard/messaging';
import { QueueFactory } from '@flowguard/queue';
import { WorkflowControl } from '@flowguard/service-kit';
import { DataSource } from 'typeorm';
import { TICKET_GEN_CONFIG, type TicketGenConfig } from '../config';
import { TicketEntity, TicketRequestEntity } from '../generate-tickets/ticket.entity';
import {
  findTicketSet,
  latestVersion,
  ticketMarkdown,
  ticketsOf,
  toTicket,
  toTicketSet,
} from '../generate-tickets/ticket-set';
import { enqueueTicketsJob } from '../generate-tickets/tickets-job';
import { renderTicketTree } from '../render-tickets/ticket-tree';
import { rollUp, transition } from '../ticket-lifecycle/ticket-lifecycle';
import { tenantTemplates } from '../ticket-templates/tenant-templates';
import {
  TicketsGetRequest,
  TicketsRegenerateRequest,
  TicketsTransitionRequest,
  parseRequest,
  type TicketsRegenerateResult,
  type TicketsTransitionResult,
  type TicketsView,
} from './ticket-query.schemas';

const notFound = (workflowId: string) => new QueryError('not_found', `no tickets for workflow ${workflowId}`);

/**
 * Reads and commands on a workflow's tickets, answered over NATS request/reply (the gateway
 * asks; ticket-gen owns the rows). Every lookup is filtered by the caller's tenant.
 */
@Injectable()
export class TicketQueries {
  constructor(
    @Inject(TICKET_GEN_CONFIG) private readonly config: TicketGenConfig,
    private readonly ds: DataSource,
    private readonly queues: QueueFactory,
  ) {}

  /** The latest set (or the version asked for) with its report, tree and progress. */
  @HandlesQuery('tickets.get')
  async get(payload: unknown): Promise<TicketsView> {
    const ref = parseRequest(TicketsGetRequest, payload);
    const set = await findTicketSet(this.ds.manager, ref);
    if (!set) throw notFound(ref.workflowId);
    const tickets = (await ticketsOf(this.ds.manager, set)).map(toTicket);
    return {
      ticketSet: toTicketSet(set, tickets),
      validation: set.validation,
      tree: renderTicketTree(tickets),
      progress: rollUp(tickets),
    };
  }

  /**
   * Moves one ticket of the latest set through the lifecycle. The set's rows are locked for
   * the read-modify-write, so two concurrent moves see each other's result (a ticket cannot
   * start while a concurrent request reopens its blocker); a refusal changes nothing.
   */
  @HandlesQuery('tickets.transition')
  async transition(payload: unknown): Promise<TicketsTransitionResult> {
    const req = parseRequest(TicketsTransitionRequest, payload);
    return this.ds.transaction(async (manager) => {
      const set = await findTicketSet(manager, req);
      if (!set) throw notFound(req.workflowId);
      const rows = await ticketsOf(manager, set, true);
      const result = transition(rows.map(toTicket), req.key, req.to);
      if (!result.ok) throw new QueryError(result.code, result.reason);
      const byKey = new Map(result.tickets.map((t) => [t.key, t]));
      const templates = result.changed.length > 0 ? await tenantTemplates(manager, set.tenantId) : undefined;
      for (const change of result.changed) {
        const ticket = byKey.get(change.key);
        if (!ticket || !templates) continue;
        // The front matter shows the status, so the stored markdown follows it.
        await manager.update(
          TicketEntity,
          { ticketSetId: set.id, key: change.key, tenantId: set.tenantId },
          { status: change.to, markdown: ticketMarkdown(ticket, set, templates) },
        );
      }
      const ticket = byKey.get(req.key);
      if (!ticket) throw new QueryError('not_found', `ticket ${req.key} not found`);
      return { ticket, changed: result.changed, progress: rollUp(result.tickets) };
    });
  }

  /**
   * Queues a new version of the workflow's ticket set from the stored spec. The job id names
   * the version (latest + 1), so asking twice before the job runs queues it once; while
   * version 1 is still pending this finds that job rather than skipping ahead. A job of that
   * version that failed is replaced, so asking again after a failure tries again.
   */
  @HandlesQuery('tickets.regenerate')
  async regenerate(payload: unknown): Promise<TicketsRegenerateResult> {
    const ref = parseRequest(TicketsRegenerateRequest, payload);
    const request = await this.ds.manager.findOneBy(TicketRequestEntity, {
      tenantId: ref.tenantId,
      workflowId: ref.workflowId,
    });
    if (!request || (await WorkflowControl.isCancelled(this.ds.manager, ref))) throw notFound(ref.workflowId);
    const version = (await latestVersion(this.ds.manager, ref.tenantId, request.specId)) + 1;
    const jobId = await enqueueTicketsJob(
      this.queues,
      this.config,
      {
        tenantId: request.tenantId,
        workflowId: request.workflowId,
        correlationId: request.correlationId,
        // A query has no event id; the new set is still caused by the spec it is generated from.
        causationEventId: request.specEventId,
        version,
      },
      // The job of this version failed (no set stored, so latest + 1 names it again): run it anew.
      { replaceFailed: true },
    );
    return { workflowId: ref.workflowId, version, jobId };
  }
}
