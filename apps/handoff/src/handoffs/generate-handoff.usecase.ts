import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AgentType, CodebaseContext, TicketStatus } from '@flowguard/contracts';
import { EventTransaction, QueryError, createEvent, type EventOrigin, type TxContext } from '@flowguard/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { buildHandoffContext } from '../render-handoff/build-context';
import { expandReferences } from '../render-handoff/expand-references';
import { handoffMetadata } from '../render-handoff/handoff-metadata';
import { PlanSpecEntity, PlanTicketsEntity } from '../plan/plan.entity';
import { renderTemplate } from '../templates/template-engine';
import { validateTemplate } from '../templates/template-validation';
import { ExecutionEntity, HandoffEntity } from './handoff.entity';
import { TemplateResolver } from './template-resolver';

export interface HandoffRequest {
  agentType: AgentType;
  templateId?: string;
  selection?: { specIds?: string[]; ticketKeys?: string[] };
  codebaseContext?: CodebaseContext | null;
  author?: string;
}

/** Loads the latest plan of a workflow for its tenant; a missing or foreign workflow is not_found. */
export async function loadPlan(manager: EntityManager, tenantId: string, workflowId: string) {
  const spec = await manager.findOneBy(PlanSpecEntity, { tenantId, workflowId });
  const tickets = await manager.findOne(PlanTicketsEntity, {
    where: { tenantId, workflowId },
    order: { version: 'DESC' },
  });
  if (!spec || !tickets) throw new QueryError('not_found', `no plan for workflow ${workflowId}`);
  return { spec, tickets };
}

/**
 * Renders a handoff from the workflow's plan: context (tasks in dependency order, codebase
 * context), the template (validated first), reference expansion, metadata. `generate` also
 * stores it with a pending execution and emits handoff.created, once per trigger key.
 */
@Injectable()
export class GenerateHandoff {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: EventTransaction,
    private readonly templates: TemplateResolver,
  ) {}

  async preview(
    tenantId: string,
    workflowId: string,
    request: HandoffRequest,
    now = new Date(),
    manager: EntityManager = this.ds.manager,
  ) {
    const { spec, tickets } = await loadPlan(manager, tenantId, workflowId);
    const template = await this.templates.resolve(tenantId, request.agentType, request.templateId, manager);
    const check = validateTemplate(template.source, {});
    if (!check.ok) {
      throw new QueryError('invalid_template', check.errors.map((e) => e.message).join('; '));
    }
    const statuses: Record<string, TicketStatus> = {};
    const context = buildHandoffContext({
      spec: spec.spec,
      specMarkdown: spec.markdown,
      ticketSet: tickets.ticketSet,
      ticketMarkdown: tickets.ticketMarkdown,
      statuses,
      codebase: request.codebaseContext ?? spec.options.codebaseContext ?? null,
      agentType: request.agentType,
      author: request.author ?? 'FlowGuard',
      timestamp: now.toISOString(),
      selection: request.selection,
    });
    const rendered = renderTemplate(template.source, context);
    const expanded = expandReferences(rendered, {
      specs: new Map([[spec.spec.id, { title: spec.spec.content.title, content: spec.markdown }]]),
      tickets: new Map(tickets.ticketSet.tickets.map((t) => [t.key, { title: t.title, content: t.description }])),
      files: new Map(
        context.codebaseFiles.map((f) => [f.path, { language: f.language, loc: f.loc, symbols: f.symbols }]),
      ),
    });
    return {
      content: expanded.text,
      metadata: handoffMetadata(expanded.text, context),
      warnings: expanded.warnings,
      template,
      ticketSetId: tickets.ticketSetId,
      epicKey: context.epicId,
    };
  }

  /** Stores the handoff and its pending execution; a repeated trigger key returns the first. */
  generate(tenantId: string, workflowId: string, request: HandoffRequest, triggerKey: string, origin: EventOrigin) {
    return this.tx.run((tx) => this.generateIn(tx, tenantId, workflowId, request, triggerKey, origin));
  }

  /** The same inside a caller's transaction (the auto trigger commits it with its inbox row). */
  async generateIn(
    { manager, emit }: TxContext,
    tenantId: string,
    workflowId: string,
    request: HandoffRequest,
    triggerKey: string,
    origin: EventOrigin,
    now = new Date(),
  ) {
    const existing = await this.findByTrigger(tenantId, triggerKey, manager);
    if (existing) return existing;
    const rendered = await this.preview(tenantId, workflowId, request, now, manager);
    const handoffId = randomUUID();
    const executionId = randomUUID();
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(HandoffEntity)
      .values({
        id: handoffId,
        tenantId,
        workflowId,
        triggerKey,
        agentType: request.agentType,
        templateId: rendered.template.id,
        templateVersion: rendered.template.version,
        ticketSetId: rendered.ticketSetId,
        content: rendered.content,
        metadata: rendered.metadata,
        warnings: rendered.warnings,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    if (inserted.raw.length === 0) return (await this.findByTrigger(tenantId, triggerKey, manager))!;
    await manager.insert(ExecutionEntity, {
      id: executionId,
      tenantId,
      workflowId,
      handoffId,
      epicKey: rendered.epicKey,
      status: 'pending',
      result: null,
      completedAt: null,
    });
    await emit(
      createEvent('handoff.created', origin, {
        handoffId,
        executionId,
        agentType: request.agentType,
        metadata: rendered.metadata,
      }),
    );
    return {
      handoff: await manager.findOneByOrFail(HandoffEntity, { id: handoffId, tenantId }),
      execution: await manager.findOneByOrFail(ExecutionEntity, { id: executionId, tenantId }),
    };
  }

  private async findByTrigger(tenantId: string, triggerKey: string, manager: EntityManager) {
    const handoff = await manager.findOneBy(HandoffEntity, { tenantId, triggerKey });
    if (!handoff) return undefined;
    const execution = await manager.findOneOrFail(ExecutionEntity, {
      where: { tenantId, handoffId: handoff.id },
      order: { createdAt: 'ASC' },
    });
    return { handoff, execution };
  }
}
