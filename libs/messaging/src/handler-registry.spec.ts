import { checkHandlers } from './handler-registry';

describe('checkHandlers', () => {
  it('accepts exactly one handler per subscription', () => {
    expect(checkHandlers(['goal.submitted'], [{ type: 'goal.submitted', name: 'A.on' }])).toEqual([]);
  });

  it('reports every miswiring at once', () => {
    const problems = checkHandlers(
      ['goal.submitted', 'answers.submitted'],
      [
        { type: 'goal.submitted', name: 'A.on' },
        { type: 'goal.submitted', name: 'B.on' },
        { type: 'spec.created', name: 'C.on' },
        { type: 'goal.sumbitted', name: 'D.typo' },
      ],
    );
    expect(problems).toEqual([
      'D.typo handles unknown event "goal.sumbitted"',
      '"goal.submitted" has 2 handlers: A.on, B.on',
      `C.on handles "spec.created", which is not in this service's subscriptions`,
      'subscription "answers.submitted" has no handler',
    ]);
  });
});
