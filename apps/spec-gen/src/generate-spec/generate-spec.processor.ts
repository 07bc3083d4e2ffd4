import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import {
  QUEUES,
  SPEC_SCHEMA_VERSION,
  type EventData,
  type GenerationJobData,
  type Spec,
  type SpecInput,
} from '@flowguard/contracts';
import { InvalidOutputError, LlmClient, TokenLedger, createLlmWorker, llmWorkerSettings } from '@flowguard/llm';
import { EventTransaction, createEvent } from '@flowguard/messaging';
import { QueueFactory } from '@flowguard/queue';
import { WorkflowControl } from '@flowguard/service-kit';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { SPEC_GEN_CONFIG, type SpecGenConfig } from '../config';
import { renderSpecMarkdown } from '../render-spec/spec-markdown';
import { SpecEntity, SpecRequestEntity } from './spec.entity';
import { specPromptV1 } from './spec.v1.prompt';
import { validateSpec } from './validate-spec';

/** The generation job writes the first version; later versions (regeneration) are not built yet. */
const FIRST_VERSION = 1;

/** What the spec prompt (and the offline planner) is given, from the goal.clarified payload. */
export function specInputOf(clarified: EventData<'goal.clarified'>): SpecInput {
  return {
    goal: clarified.goal,
    restated: clarified.restated,
    complexity: clarified.complexity,
    answers: clarified.answers.map(({ questionId, answer, question }) => ({ questionId, answer, question })),
    assumptions: clarified.assumptions,
    codebaseContext: clarified.options.codebaseContext ?? null,
  };
}

/**
 * The spec job: write the spec, check it, and commit the spec row (content + markdown), its
 * ledger row and spec.created together. A spec that breaks the rules in validateSpec is an
 * invalid model answer: the attempt is spent and the queue retries; when attempts run out
 * the workflow fails with phase "spec". A rerun finds the spec and does nothing.
 */
@Injectable()
export class GenerateSpecProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private handle?: { close(): Promise<void> };

  constructor(
    @Inject(SPEC_GEN_CONFIG) private readonly config: SpecGenConfig,
    private readonly ds: DataSource,
    private readonly queues: QueueFactory,
    private readonly llm: LlmClient,
    private readonly tx: EventTransaction,
  ) {}

  onApplicationBootstrap(): void {
    this.handle = createLlmWorker<GenerationJobData, string>({
      queue: QUEUES.spec,
      purpose: 'spec',
      factory: this.queues,
      dataSource: this.ds,
      ...llmWorkerSettings(this.config, this.llm),
      process: (job, ctx) => this.process(job, ctx.attempt),
      onFinalFailure: (job, failure) =>
        WorkflowControl.failOnce(
          this.tx,
          { ...job.data, causationId: job.data.causationEventId },
          { phase: 'spec', reason: failure.reason, attempts: failure.attempts },
        ).then(() => undefined),
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.handle?.close();
  }

  async process(job: Job<GenerationJobData>, attempt: number): Promise<string> {
    const { tenantId, workflowId } = job.data;
    const request = await this.ds.manager.findOneBy(SpecRequestEntity, { workflowId, tenantId });
    if (!request) return 'no spec request (cancelled or never stored)';
    if (await this.ds.manager.existsBy(SpecEntity, { workflowId, tenantId, version: FIRST_VERSION })) {
      return 'already generated';
    }
    if (await WorkflowControl.isCancelled(this.ds.manager, job.data)) return 'cancelled';

    const clarified = request.payload;
    const result = await this.llm.run(specPromptV1, { tenantId, workflowId }, specInputOf(clarified));
    const problems = validateSpec(result.data);
    if (problems.length > 0) {
      // Charged like any answer: the worker records these tokens as a failed call before retrying.
      throw new InvalidOutputError(`the spec failed validation: ${problems.join('; ')}`, result.usage);
    }

    return this.tx.run(async ({ manager, emit }) => {
      // The call is paid whatever happens next: the ledger gets a row either way.
      const charge = (outcome: 'succeeded' | 'discarded') =>
        TokenLedger.record(manager, {
          tenantId,
          workflowId,
          purpose: 'spec',
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
      // now waits for this commit and then deletes the spec.
      if ((await WorkflowControl.guard(manager, job.data)).cancelled) {
        await charge('discarded');
        return 'cancelled';
      }
      const createdAt = new Date();
      const spec: Spec = {
        schemaVersion: SPEC_SCHEMA_VERSION,
        id: randomUUID(),
        tenantId,
        workflowId,
        version: FIRST_VERSION,
        content: result.data,
        generatedBy: {
          provider: result.provider,
          model: result.model,
          promptId: result.promptId,
          promptVersion: result.promptVersion,
        },
        createdAt: createdAt.toISOString(),
      };
      const markdown = renderSpecMarkdown(spec);
      // Built (and schema-checked) before anything is written, so a bad payload writes nothing.
      const created = createEvent(
        'spec.created',
        { tenantId, workflowId, correlationId: job.data.correlationId, causationId: job.data.causationEventId },
        { spec, complexity: clarified.complexity, options: clarified.options, markdown },
      );
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(SpecEntity)
        .values({
          id: spec.id,
          tenantId,
          workflowId,
          version: spec.version,
          content: spec.content,
          markdown,
          provider: spec.generatedBy.provider,
          model: spec.generatedBy.model,
          promptId: spec.generatedBy.promptId,
          promptVersion: spec.generatedBy.promptVersion,
          createdAt,
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      if (inserted.raw.length === 0) {
        await charge('discarded');
        return 'already generated';
      }
      await charge('succeeded');
      await emit(created);
      return `spec ${spec.id} with ${spec.content.functionalRequirements.length} functional requirements`;
    });
  }
}
