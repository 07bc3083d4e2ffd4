import { Injectable } from '@nestjs/common';
import type { EventData, EventEnvelope } from '@flowguard/contracts';
import {
  EventTransaction,
  HandlesEvent,
  Outcome,
  causedBy,
  createEvent,
  type EventContext,
  type HandlerOutcome,
} from '@flowguard/messaging';
import { ClarificationEntity, GoalRequestEntity } from '../analyze-goal/clarification.entity';
import { finalizeAnswers } from '../analyze-goal/finalize-clarification';

/**
 * answers.submitted → final answers (the user's, defaults for the rest, recorded as
 * assumptions) and goal.clarified, once. Answers that arrive before the analysis has
 * finished are retried a little later rather than lost.
 */
@Injectable()
export class SubmitAnswersConsumer {
  constructor(private readonly tx: EventTransaction) {}

  @HandlesEvent('answers.submitted')
  async onAnswersSubmitted(
    event: EventEnvelope<EventData<'answers.submitted'>>,
    ctx: EventContext,
  ): Promise<HandlerOutcome> {
    try {
      return await this.apply(event, ctx);
    } catch (err) {
      // Rolled back, inbox row included, so the redelivery applies the answers.
      if (err instanceof NotAnalyzedYet) return Outcome.retry(err.message, 2_000);
      throw err;
    }
  }

  private async apply(
    event: EventEnvelope<EventData<'answers.submitted'>>,
    ctx: EventContext,
  ): Promise<HandlerOutcome> {
    const result = await this.tx.once(ctx.consumer, event, async ({ manager, emit }) => {
      const where = { workflowId: event.workflowId, tenantId: event.tenantId };
      const clarification = await manager.findOne(ClarificationEntity, { where, lock: { mode: 'pessimistic_write' } });
      if (!clarification) throw new NotAnalyzedYet();
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
    if (result.value === 'already-clarified') return Outcome.skipped('workflow already clarified');
    return Outcome.done();
  }
}

class NotAnalyzedYet extends Error {
  constructor() {
    super('the goal has not been analyzed yet');
  }
}
