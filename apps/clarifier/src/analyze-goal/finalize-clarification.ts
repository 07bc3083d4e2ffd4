import type { Answer, Assumption, EventData, Question } from '@flowguard/contracts';

type ClarifiedAnswers = EventData<'goal.clarified'>['answers'];

/**
 * Final answers: the user's where given, otherwise the question's default — and each
 * default taken is recorded as an assumption the spec will list.
 */
export function finalizeAnswers(
  questions: Question[],
  userAnswers: Answer[],
): { answers: ClarifiedAnswers; assumptions: Assumption[] } {
  const byId = new Map(userAnswers.map((a) => [a.questionId, a.answer]));
  const answers: ClarifiedAnswers = [];
  const assumptions: Assumption[] = [];
  for (const q of questions) {
    const given = byId.get(q.id);
    if (given !== undefined) {
      answers.push({ questionId: q.id, question: q.text, answer: given, source: 'user' });
    } else {
      answers.push({ questionId: q.id, question: q.text, answer: q.defaultAnswer, source: 'default' });
      assumptions.push({
        questionId: q.id,
        statement: `${q.text} — assumed: ${q.defaultAnswer}`,
        source: 'default-answer',
      });
    }
  }
  return { answers, assumptions };
}
