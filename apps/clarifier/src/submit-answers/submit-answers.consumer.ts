import { Inject, Injectable } from '@nestjs/common';
import type { EventData, EventEnvelope } from '@flowguard/contracts';
import {
  EventTransaction,
  HandlesEvent,
  Outcome,
  backoffDelay,
  causedBy,
  createEvent,
  type EventContext,
  type HandlerOutcome,
} from '@flowguard/messaging';
import { WorkflowControl } from '@flowguard/service-kit';
import { Not } from 'typeorm';
import { ClarificationEntity, GoalRequestEntity } from '../analyze-goal/clarification.entity';
import { finalizeAnswers } from '../analyze-goal/finalize-clarification';
import { CLARIFIER_CONFIG, type ClarifierConfig } from '../config';

/**
 * answers.submitted → final answers (the user's, defaults for the rest, recorded as
 * assumptions) and goal.clarified, once.
 *
 * Answers that arrive before the analysis is stored are retried with exponential backoff
 * (EVENT_RETRY_BASE_MS·2^(n-1), capped at EVENT_RETRY_MAX_MS, ±20%) — so the wait is bounded:
 * after EVENT_MAX_DELIVER deliveries the event is dead-lettered, at the defaults (1 s, 60 s,
 * 5 deliveries) after about 15 s (1 + 2 + 4 + 8 s, at most 18 s). Answers that can never apply
 * are skipped, not retried: the workflow is cancelled or failed, or the workflow id is another
 * tenant's.
 */
@Injectable()
export class SubmitAnswersConsumer {
  constructor(
    @Inject(CLARIFIER_CONFIG) private readonly config: ClarifierConfig,
    private readonly tx: EventTransaction,
  ) {}

  @HandlesEvent('answers.submitted')
  async onAnswersSubmitted(
    event: EventEnvelope<EventData<'answers.submitted'>>,
    ctx: EventContext,
  ): Promise<HandlerOutcome> {
    try {
      return await this.apply(event, ctx);
    } catch (err) {
      // Rolled back, inbox row included, so the redelivery applies the answers.
      if (err instanceof NotAnalyzedYet) {
        const { EVENT_RETRY_BASE_MS: base, EVENT_RETRY_MAX_MS: max } = this.config;
        return Outcome.retry(err.message, backoffDelay(ctx.delivery, base, max));
      }
      throw err;
    }
  }

  private async apply(
    event: EventEnvelope<EventData<'answers.submitted'>>,
    ctx: EventContext,
  ): Promise<HandlerOutcome> {
    const result = await this.tx.once(ctx.consumer, event, async ({ manager, emit }) => {
      // Under the workflow's lock: a cancel is either seen here or comes after goal.clarified.
      const status = await WorkflowControl.guard(manager, event);
      if (status.cancelled) return 'cancelled' as const;
      if (status.failedPhase) return 'failed' as const;
      const where = { workflowId: event.workflowId, tenantId: event.tenantId };
      const clarification = await manager.findOne(ClarificationEntity, { where, lock: { mode: 'pessimistic_write' } });
      if (!clarification) {
        if (await manager.existsBy(GoalRequestEntity, where)) throw new NotAnalyzedYet();
        // No goal of this tenant under that id, but another tenant's: these answers are not for it.
        const foreign = await manager.existsBy(GoalRequestEntity, {
          workflowId: event.workflowId,
          tenantId: Not(event.tenantId),
        });
        if (foreign) return 'foreign' as const;
        // Nothing stored yet: goal.submitted (another consumer) may not have been handled.
        throw new NotAnalyzedYet();
      }
      if (clarification.status === 'clarified') return 'already-clarified' as const;
      const request = await manager.findOneByOrFail(GoalRequestEntity, where);
      const known = new Set(clarification.questions.map((q) => q.id));
      const userAnswers = event.data.answers.filter((a) => known.has(a.questionId));
      const final = finalizeAnswers(clarification.questions, userAnswers);
      await manager.update(ClarificationEntity, where, {
        answers: userAnswers,
        assumptions: final.assumptions,
        status: 'clarified',
      });
      await emit(
        createEvent('goal.clarified', causedBy(event), {
          goal: request.goal,
          options: request.options,
          restated: clarification.restated,
          complexity: clarification.complexity,
          answers: final.answers,
          assumptions: final.assumptions,
        }),
      );
      return 'clarified' as const;
    });
    if (!result.applied) return Outcome.skipped('answers already applied');
    switch (result.value) {
      case 'cancelled':
        return Outcome.skipped('workflow cancelled');
      case 'failed':
        return Outcome.skipped('workflow failed');
      case 'foreign':
        return Outcome.skipped("the workflow id is another tenant's");
      case 'already-clarified':
        return Outcome.skipped('workflow already clarified');
      case 'clarified':
        return Outcome.done();
    }
  }
}

class NotAnalyzedYet extends Error {
  constructor() {
    super('the goal has not been analyzed yet');
  }
}
