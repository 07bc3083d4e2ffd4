import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { QUEUES, type TicketsInput } from '@flowguard/contracts';
import { LlmClient, TokenLedger, createLlmWorker, llmWorkerSettings } from '@flowguard/llm';
import { EventTransaction, createEvent } from '@flowguard/messaging';
import { QueueFactory } from '@flowguard/queue';
import { WorkflowControl } from '@flowguard/service-kit';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { TICKET_GEN_CONFIG, type TicketGenConfig } from '../config';
import { applyTemplate } from '../ticket-templates';
import { tenantTemplates } from '../ticket-templates/tenant-templates';
import { validatePlan } from '../validate-plan/ticket-validator';
import { TicketEntity, TicketRequestEntity, TicketSetEntity } from './ticket.entity';
import { newTicketRows, openTickets, planFailureReason, toTicketSet } from './ticket-set';
import type { TicketsJobData } from './tickets-job';
import { ticketsPromptV1 } from './tickets.v1.prompt';

/**
 * The ticket job: plan, fit each ticket to its kind's template, validate, and commit the set,
 * its tickets, the ledger row and tickets.generated together. A plan that fails validation is
 * stored with its report too (it is what a person needs to see), and workflow.failed goes out
 * instead of tickets.generated — recorded by WorkflowControl.failOnceIn in the same
 * transaction as the set, so the "first failure wins, once per workflow" rule stays in one
 * place and an invalid set is never stored without its failure. (A set stored by an older
 * version, before this was so, is still reported when the job reruns and finds it.)
 */
@Injectable()
export class GenerateTicketsProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private handle?: { close(): Promise<void> };

  constructor(
    @Inject(TICKET_GEN_CONFIG) private readonly config: TicketGenConfig,
    private readonly ds: DataSource,
    private readonly queues: QueueFactory,
    private readonly llm: LlmClient,
    private readonly tx: EventTransaction,
  ) {}

  onApplicationBootstrap(): void {
    this.handle = createLlmWorker<TicketsJobData, string>({
      queue: QUEUES.tickets,
      purpose: 'tickets',
      factory: this.queues,
      dataSource: this.ds,
      ...llmWorkerSettings(this.config, this.llm),
      process: (job, ctx) => this.process(job, ctx.attempt),
      onFinalFailure: (job, failure) =>
        this.fail(job, { reason: failure.reason, attempts: failure.attempts }).then(() => undefined),
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.handle?.close();
  }

  async process(job: Job<TicketsJobData>, attempt: number): Promise<string> {
    const { tenantId, workflowId } = job.data;
    // A job without a version (e.g. added by hand with plain GenerationJobData) asks for the first set.
    const version = job.data.version ?? 1;
    const request = await this.ds.manager.findOneBy(TicketRequestEntity, { workflowId, tenantId });
    if (!request) return 'no spec request (cancelled or never stored)';
    const { spec, complexity, options } = request.payload;
    const stored = await this.ds.manager.findOneBy(TicketSetEntity, { tenantId, specId: spec.id, version });
    if (stored) {
      if (!stored.validation.valid)
        await this.fail(job, { reason: planFailureReason(stored.validation), attempts: attempt });
      return `version ${version} already generated`;
    }
    if (await WorkflowControl.isCancelled(this.ds.manager, job.data)) return 'cancelled';

    const input: TicketsInput = {
      specId: spec.id,
      spec: spec.content,
      complexity,
      maxTickets: options.maxTickets,
      priorityDistribution: options.priorityDistribution,
      keyPrefix: this.config.TICKET_KEY_PREFIX,
    };
    const result = await this.llm.run(ticketsPromptV1, { tenantId, workflowId }, input);
    const templates = await tenantTemplates(this.ds.manager, tenantId);
    const drafts = result.data.tickets.map((t) => applyTemplate(t, templates.forKind(tenantId, t.kind)));
    const validation = validatePlan({ specId: spec.id, spec: spec.content, tickets: drafts });
    const set: TicketSetEntity = {
      id: randomUUID(),
      tenantId,
      workflowId,
      specId: spec.id,
      version,
      validation,
      provider: result.provider,
      model: result.model,
      promptId: result.promptId,
      promptVersion: result.promptVersion,
      createdAt: new Date(),
    };
    const tickets = openTickets(drafts);
    const rows = newTicketRows(set, tickets, templates);

    const outcome = await this.tx.run(async (tx) => {
      const { manager, emit } = tx;
      // The call is paid whatever happens next: the ledger gets a row either way.
      const charge = (outcome: 'succeeded' | 'discarded') =>
        TokenLedger.record(manager, {
          tenantId,
          workflowId,
          purpose: 'tickets',
          provider: result.provider,
          model: result.model,
          promptTokens: result.usage.promptTokens,
          completionTokens: result.usage.completionTokens,
          jobId: job.id as string,
          attempt,
          latencyMs: result.latencyMs,
          outcome,
        });
      // Under the workflow's lock: a cancel committed before this is seen here; one arriving
      // now waits for this commit and then deletes the set.
      if ((await WorkflowControl.guard(manager, job.data)).cancelled) {
        await charge('discarded');
        return 'cancelled' as const;
      }
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(TicketSetEntity)
        .values(set)
        .orIgnore()
        .returning(['id'])
        .execute();
      if (inserted.raw.length === 0) {
        await charge('discarded');
        return 'exists' as const;
      }
      await manager.insert(TicketEntity, rows);
      await charge('succeeded');
      if (validation.valid) {
        const ticketSet = toTicketSet(set, tickets);
        // Warnings travel along: the plan is usable, and the report says what to look at.
        await emit(
          createEvent(
            'tickets.generated',
            {
              tenantId,
              workflowId,
              correlationId: job.data.correlationId,
              causationId: job.data.causationEventId,
            },
            { ticketSet, validation, ticketMarkdown: Object.fromEntries(rows.map((r) => [r.key, r.markdown])) },
          ),
        );
      } else {
        // The invalid set and the failure it causes commit together: neither is ever alone.
        await WorkflowControl.failOnceIn(
          tx,
          { ...job.data, causationId: job.data.causationEventId },
          { phase: 'tickets', reason: planFailureReason(validation), attempts: attempt },
        );
      }
      return 'stored' as const;
    });

    if (outcome === 'cancelled') return 'cancelled';
    if (outcome === 'exists') return `version ${version} already generated`;
    if (!validation.valid) {
      return `version ${version} stored; validation failed with ${validation.errors} errors`;
    }
    return `version ${version}: ${rows.length} tickets, ${validation.warnings} warnings`;
  }

  private fail(job: Job<TicketsJobData>, failure: { reason: string; attempts: number }): Promise<boolean> {
    return WorkflowControl.failOnce(
      this.tx,
      { ...job.data, causationId: job.data.causationEventId },
      { phase: 'tickets', ...failure },
    );
  }
}
