import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res, UseGuards } from '@nestjs/common';
import {
  CreateHandoffTemplateRequest,
  HandoffTemplateDetail,
  HandoffTemplateResponse,
  RegisterTicketTemplateRequest,
  TemplateIdParams,
  TicketTemplateView,
  TicketTemplatesListResult,
  UpdateHandoffTemplateRequest,
} from '@flowguard/contracts';
import type { Response } from 'express';
import { z } from 'zod';
import { ZodPipe } from '../http/problem';
import { ApiKeyGuard, TenantId } from '../tenants/api-key.guard';
import { ServiceQueries } from './service-queries';

const TemplateParams = new ZodPipe(TemplateIdParams, 'path');

/**
 * The tenant's templates: handoff prompt templates (the handoff service: validated, versioned,
 * soft-deleted) and ticket templates per kind (ticket-gen: apply to plans generated later).
 */
@Controller('v1/templates')
@UseGuards(ApiKeyGuard)
export class TemplatesController {
  constructor(private readonly queries: ServiceQueries) {}

  @Get('handoff')
  async listHandoff(@TenantId() tenantId: string) {
    const items = await this.queries.ask(
      'handoff',
      'handoff-templates.list',
      { tenantId },
      z.array(HandoffTemplateResponse),
    );
    return { items };
  }

  /** A template that does not parse or names unknown variables is refused (400 on `source`). */
  @Post('handoff')
  @HttpCode(201)
  async createHandoff(
    @TenantId() tenantId: string,
    @Body(new ZodPipe(CreateHandoffTemplateRequest)) body: z.infer<typeof CreateHandoffTemplateRequest>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const template = await this.queries.ask(
      'handoff',
      'handoff-templates.create',
      { ...body, tenantId },
      HandoffTemplateResponse,
      { field: 'source' },
    );
    res.location(`/v1/templates/handoff/${template.id}`);
    return template;
  }

  @Get('handoff/:templateId')
  async getHandoff(@TenantId() tenantId: string, @Param(TemplateParams) { templateId }: { templateId: string }) {
    return this.queries.ask('handoff', 'handoff-templates.get', { tenantId, templateId }, HandoffTemplateDetail);
  }

  /** A changed source is a new version; every version is kept. */
  @Patch('handoff/:templateId')
  async updateHandoff(
    @TenantId() tenantId: string,
    @Param(TemplateParams) { templateId }: { templateId: string },
    @Body(new ZodPipe(UpdateHandoffTemplateRequest)) body: z.infer<typeof UpdateHandoffTemplateRequest>,
  ) {
    return this.queries.ask(
      'handoff',
      'handoff-templates.update',
      { ...body, tenantId, templateId },
      HandoffTemplateResponse,
      { field: 'source' },
    );
  }

  /** The built-in template applies again to this agent type. */
  @Delete('handoff/:templateId')
  @HttpCode(204)
  async deleteHandoff(
    @TenantId() tenantId: string,
    @Param(TemplateParams) { templateId }: { templateId: string },
  ): Promise<void> {
    await this.queries.ask('handoff', 'handoff-templates.delete', { tenantId, templateId }, z.unknown());
  }

  /** The template in force per kind: the tenant's own or the built-in. */
  @Get('tickets')
  async listTickets(@TenantId() tenantId: string) {
    const { templates } = await this.queries.ask(
      'ticket-gen',
      'templates.list',
      { tenantId },
      TicketTemplatesListResult,
    );
    return { items: templates };
  }

  /** Registers (or, under the same id, replaces: 200) a tenant template for a kind. */
  @Post('tickets')
  @HttpCode(201)
  async registerTickets(
    @TenantId() tenantId: string,
    @Body(new ZodPipe(RegisterTicketTemplateRequest)) body: z.infer<typeof RegisterTicketTemplateRequest>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const template = await this.queries.ask(
      'ticket-gen',
      'templates.register',
      { tenantId, template: body },
      TicketTemplateView,
      { field: '(body)' },
    );
    if (template.version !== null && template.version > 1) res.status(200);
    return template;
  }
}
