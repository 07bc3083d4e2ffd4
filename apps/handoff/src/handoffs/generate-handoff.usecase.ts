import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AgentType, CodebaseContext, TicketStatus } from '@flowguard/contracts';
import { currentLogger } from '@flowguard/logging';
import { EventTransaction, QueryError, createEvent, type EventOrigin, type TxContext } from '@flowguard/messaging';
import { WorkflowControl } from '@flowguard/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { buildHandoffContext } from '../render-handoff/build-context';
import { expandReferences } from '../render-handoff/expand-references';
import { handoffMetadata } from '../render-handoff/handoff-metadata';
import { PlanSpecEntity, PlanTicketsEntity } from '../plan/plan.entity';
import { renderTemplate } from '../templates/template-engine';
import { validateTemplate } from '../templates/template-validation';
import { ExecutionEntity, HandoffEntity } from './handoff.entity';
import { TemplateResolver, type ResolvedTemplate } from './template-resolver';

export interface HandoffRequest {
  agentType: AgentType;
  templateId?: string;
  selection?: { specIds?: string[]; ticketKeys?: string[] };
  codebaseContext?: CodebaseContext | null;
  author?: string;
}

/**
 * Loads a workflow's plan for its tenant: the spec and the given ticket set (by default the
 * latest version); a missing or foreign workflow or set is not_found.
 */
export async function loadPlan(manager: EntityManager, tenantId: string, workflowId: string, ticketSetId?: string) {
  const spec = await manager.findOneBy(PlanSpecEntity, { tenantId, workflowId });
  const tickets = ticketSetId
    ? await manager.findOneBy(PlanTicketsEntity, { tenantId, workflowId, ticketSetId })
    : await manager.findOne(PlanTicketsEntity, { where: { tenantId, workflowId }, order: { version: 'DESC' } });
  if (!spec || !tickets) throw new QueryError('not_found', `no plan for workflow ${workflowId}`);
  return { spec, tickets };
}

type Plan = Awaited<ReturnType<typeof loadPlan>>;
type Rendered = ReturnType<typeof renderPlan>;

/** Pure: the template (validated), the context, the rendered and expanded text, metadata. */
function renderPlan(plan: Plan, template: ResolvedTemplate, request: HandoffRequest, now: Date) {
  const { spec, tickets } = plan;
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
    ticketSetId?: string,
  ) {
    const plan = await loadPlan(manager, tenantId, workflowId, ticketSetId);
    const template = await this.templates.resolve(tenantId, request.agentType, request.templateId, manager);
    return renderPlan(plan, template, request, now);
  }

  /** Stores the handoff and its pending execution; a repeated trigger key returns the first. */
  generate(tenantId: string, workflowId: string, request: HandoffRequest, triggerKey: string, origin: EventOrigin) {
    return this.tx.run((tx) => this.generateIn(tx, tenantId, workflowId, request, triggerKey, origin));
  }

  /** The same inside a caller's transaction. */
  async generateIn(
    tx: TxContext,
    tenantId: string,
    workflowId: string,
    request: HandoffRequest,
    triggerKey: string,
    origin: EventOrigin,
    now = new Date(),
  ) {
    const { manager } = tx;
    await this.guardOpen(manager, tenantId, workflowId);
    const existing = await this.findByTrigger(tenantId, triggerKey, manager);
    if (existing) return existing;
    const rendered = await this.preview(tenantId, workflowId, request, now, manager);
    return this.store(tx, tenantId, workflowId, request, triggerKey, origin, rendered);
  }

  /**
   * The auto trigger of one ticket set, inside the caller's transaction (which stores that
   * set): renders exactly that set — not whichever version is latest — under the trigger key
   * `auto:<ticketSetId>`. A plan that cannot be rendered (say the tenant's template for the
   * agent type no longer validates) is skipped with a warning, and the caller's transaction
   * — the stored plan — goes on: nothing was written before the render failed.
   */
  async autoGenerateIn(
    tx: TxContext,
    tenantId: string,
    workflowId: string,
    agentType: AgentType,
    ticketSetId: string,
    origin: EventOrigin,
    now = new Date(),
  ): Promise<'created' | 'exists' | 'skipped'> {
    const { manager } = tx;
    await this.guardOpen(manager, tenantId, workflowId);
    const triggerKey = `auto:${ticketSetId}`;
    if (await this.findByTrigger(tenantId, triggerKey, manager)) return 'exists';
    const plan = await loadPlan(manager, tenantId, workflowId, ticketSetId);
    const request: HandoffRequest = { agentType };
    const template = await this.templates.resolve(tenantId, agentType, undefined, manager);
    let rendered: Rendered;
    try {
      rendered = renderPlan(plan, template, request, now);
    } catch (err) {
      currentLogger().warn(
        { err, ticketSetId, agentType, templateId: template.id, templateVersion: template.version },
        'auto handoff skipped: the plan could not be rendered with the template',
      );
      return 'skipped';
    }
    await this.store(tx, tenantId, workflowId, request, triggerKey, origin, rendered);
    return 'created';
  }

  /**
   * Takes the workflow's lock for the transaction: a cancel that committed first has dropped
   * the plan (not_found); one arriving now waits, and this handoff stays as the record.
   */
  private async guardOpen(manager: EntityManager, tenantId: string, workflowId: string): Promise<void> {
    if ((await WorkflowControl.guard(manager, { tenantId, workflowId })).cancelled) {
      throw new QueryError('not_found', `no plan for workflow ${workflowId}`);
    }
  }

  private async store(
    { manager, emit }: TxContext,
    tenantId: string,
    workflowId: string,
    request: HandoffRequest,
    triggerKey: string,
    origin: EventOrigin,
    rendered: Rendered,
  ) {
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
