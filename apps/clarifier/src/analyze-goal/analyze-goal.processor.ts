import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { QUEUES, type GenerationJobData } from '@flowguard/contracts';
import { LlmClient, TokenLedger, createLlmWorker, llmWorkerSettings } from '@flowguard/llm';
import { EventTransaction, createEvent } from '@flowguard/messaging';
import { QueueFactory } from '@flowguard/queue';
import { WorkflowControl } from '@flowguard/service-kit';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { CLARIFIER_CONFIG, type ClarifierConfig } from '../config';
import { clarificationPromptV1 } from './clarification.v1.prompt';
import { ClarificationEntity, GoalRequestEntity } from './clarification.entity';
import { finalizeAnswers } from './finalize-clarification';

/**
 * The analysis job: restate, triage, ask. Commits the clarification, its ledger row and
 * goal.analyzed together — plus goal.clarified straight away in auto mode or when there is
 * nothing to ask. A rerun finds the clarification and does nothing.
 */
@Injectable()
export class AnalyzeGoalProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private handle?: { close(): Promise<void> };

  constructor(
    @Inject(CLARIFIER_CONFIG) private readonly config: ClarifierConfig,
    private readonly ds: DataSource,
    private readonly queues: QueueFactory,
    private readonly llm: LlmClient,
    private readonly tx: EventTransaction,
  ) {}

  onApplicationBootstrap(): void {
    this.handle = createLlmWorker<GenerationJobData, string>({
      queue: QUEUES.clarification,
      purpose: 'clarification',
      factory: this.queues,
      dataSource: this.ds,
      ...llmWorkerSettings(this.config, this.llm),
      process: (job, ctx) => this.process(job, ctx.attempt),
      onFinalFailure: (job, failure) =>
        WorkflowControl.failOnce(
          this.tx,
          { ...job.data, causationId: job.data.causationEventId },
          { phase: 'clarification', reason: failure.reason, attempts: failure.attempts },
        ).then(() => undefined),
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.handle?.close();
  }

  async process(job: Job<GenerationJobData>, attempt: number): Promise<string> {
    const { tenantId, workflowId } = job.data;
    const request = await this.ds.manager.findOneBy(GoalRequestEntity, { workflowId, tenantId });
    if (!request) return 'no goal request (cancelled or never stored)';
    if (await this.ds.manager.existsBy(ClarificationEntity, { workflowId, tenantId })) return 'already analyzed';
    if (await WorkflowControl.isCancelled(this.ds.manager, job.data)) return 'cancelled';

    const result = await this.llm.run(
      clarificationPromptV1,
      { tenantId, workflowId },
      {
        goal: request.goal,
        codebaseContext: request.options.codebaseContext ?? null,
      },
    );
    const { data } = result;
    const autoClarify = request.options.autoAnswer || data.questions.length === 0;
    const final = autoClarify ? finalizeAnswers(data.questions, []) : undefined;

    return this.tx.run(async ({ manager, emit }) => {
      // The call is paid whatever happens next: the ledger gets a row either way.
      const charge = (outcome: 'succeeded' | 'discarded') =>
        TokenLedger.record(manager, {
          tenantId,
          workflowId,
          purpose: 'clarification',
          provider: result.provider,
          model: result.model,
          promptTokens: result.usage.promptTokens,
          completionTokens: result.usage.completionTokens,
          jobId: job.id as string,
          attempt,
          latencyMs: result.latencyMs,
          outcome,
        });
      // Under the workflow's lock: a cancel committed before this finds nothing written by it;
      // one arriving now waits for this commit and then deletes the clarification.
      if ((await WorkflowControl.guard(manager, job.data)).cancelled) {
        await charge('discarded');
        return 'cancelled';
      }
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(ClarificationEntity)
        .values({
          workflowId,
          tenantId,
          restated: data.restated,
          complexity: data.complexity,
          conflictRisk: data.conflictRisk,
          questions: data.questions,
          answers: [],
          assumptions: final?.assumptions ?? [],
          status: autoClarify ? 'clarified' : 'awaiting_answers',
          provider: result.provider,
          model: result.model,
          promptId: result.promptId,
          promptVersion: result.promptVersion,
        })
        .orIgnore()
        .returning(['workflow_id'])
        .execute();
      if (inserted.raw.length === 0) {
        await charge('discarded');
        return 'already analyzed';
      }
      await charge('succeeded');
      const origin = {
        tenantId,
        workflowId,
        correlationId: job.data.correlationId,
        causationId: job.data.causationEventId,
      };
      const analyzed = createEvent('goal.analyzed', origin, { ...data, autoAnswer: request.options.autoAnswer });
      await emit(analyzed);
      if (final) {
        await emit(
          createEvent(
            'goal.clarified',
            { ...origin, causationId: analyzed.id },
            {
              goal: request.goal,
              options: request.options,
              restated: data.restated,
              complexity: data.complexity,
              answers: final.answers,
              assumptions: final.assumptions,
            },
          ),
        );
      }
      return autoClarify ? 'clarified with defaults' : `awaiting ${data.questions.length} answers`;
    });
  }
}
