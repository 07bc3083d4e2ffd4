import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ListTicketsQuery,
  TicketKeyParams,
  TicketsRegenerateResult,
  TicketsTransitionResult,
  TicketsView,
  TransitionTicketRequest,
  WorkflowIdParams,
  type TicketNode,
  type TicketsResponse,
} from '@flowguard/contracts';
import type { z } from 'zod';
import { ZodPipe, notFound } from '../http/problem';
import { ApiKeyGuard, TenantId } from '../tenants/api-key.guard';
import { WorkflowsService } from '../workflows/workflows.service';
import { ServiceQueries } from './service-queries';
import { findNode, ticketTree, ticketsResponse } from './ticket-views';

const Params = new ZodPipe(WorkflowIdParams, 'path');

/** A workflow's tickets (ticket-gen owns them): read, move through the lifecycle, regenerate. */
@Controller('v1/workflows')
@UseGuards(ApiKeyGuard)
export class TicketsController {
  constructor(
    private readonly workflows: WorkflowsService,
    private readonly queries: ServiceQueries,
  ) {}

  @Get(':id/tickets')
  async list(
    @TenantId() tenantId: string,
    @Param(Params) { id }: { id: string },
    @Query(new ZodPipe(ListTicketsQuery, 'query')) query: ListTicketsQuery,
  ): Promise<TicketsResponse> {
    await this.workflows.get(tenantId, id);
    const view = await this.queries.ask(
      'ticket-gen',
      'tickets.get',
      { tenantId, workflowId: id, ...(query.version ? { version: query.version } : {}) },
      TicketsView,
    );
    return ticketsResponse(id, view, query);
  }

  /** One ticket of the latest set, its descendants nested. */
  @Get(':id/tickets/:key')
  async one(
    @TenantId() tenantId: string,
    @Param(new ZodPipe(TicketKeyParams, 'path')) { id, key }: z.infer<typeof TicketKeyParams>,
  ): Promise<TicketNode> {
    await this.workflows.get(tenantId, id);
    const view = await this.queries.ask('ticket-gen', 'tickets.get', { tenantId, workflowId: id }, TicketsView);
    const node = findNode(ticketTree(view.ticketSet.tickets, {}).roots, key);
    if (!node) throw notFound(`ticket ${key}`);
    return node;
  }

  /** Refusals (invalid_transition, blocked, children_open) answer 409 with the reason and code. */
  @Post(':id/tickets/:key/status')
  @HttpCode(200)
  async transition(
    @TenantId() tenantId: string,
    @Param(new ZodPipe(TicketKeyParams, 'path')) { id, key }: z.infer<typeof TicketKeyParams>,
    @Body(new ZodPipe(TransitionTicketRequest)) body: z.infer<typeof TransitionTicketRequest>,
  ): Promise<TicketsTransitionResult> {
    await this.workflows.get(tenantId, id);
    return this.queries.ask(
      'ticket-gen',
      'tickets.transition',
      { tenantId, workflowId: id, key, to: body.to },
      TicketsTransitionResult,
    );
  }

  /** Queues a new version of the ticket set from the stored spec; tickets.generated follows. */
  @Post(':id/tickets/regenerate')
  @HttpCode(202)
  async regenerate(
    @TenantId() tenantId: string,
    @Param(Params) { id }: { id: string },
  ): Promise<TicketsRegenerateResult> {
    await this.workflows.get(tenantId, id);
    return this.queries.ask('ticket-gen', 'tickets.regenerate', { tenantId, workflowId: id }, TicketsRegenerateResult);
  }
}
