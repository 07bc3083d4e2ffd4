import { Execution, ExecutionStatus } from '@flowguard/contracts';
import {
  EXECUTION_TRANSITIONS,
  isTerminal,
  transitionExecution,
  type ExecutionResult,
  type ExecutionTransition,
} from './execution-lifecycle';

const ID = '66666666-6666-4666-8666-666666666666';
const CREATED = '2026-01-01T00:00:00.000Z';
const NOW = new Date('2026-01-02T03:04:05.000Z');
const STATUSES = ExecutionStatus.options;

const execution = (status: ExecutionStatus, result: ExecutionResult | null = null): Execution =>
  Execution.parse({
    schemaVersion: 1,
    id: ID,
    tenantId: '77777777-7777-4777-8777-777777777777',
    workflowId: '88888888-8888-4888-8888-888888888888',
    handoffId: '99999999-9999-4999-8999-999999999999',
    status,
    result,
    createdAt: CREATED,
    updatedAt: CREATED,
    completedAt: isTerminal(status) ? CREATED : null,
  });

function expectOk(result: ExecutionTransition): Extract<ExecutionTransition, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.reason}`);
  return result;
}

describe('execution lifecycle: the table', () => {
  const pairs = STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as const));
  const allowed = pairs.filter(([from, to]) => EXECUTION_TRANSITIONS[from].includes(to));
  const refused = pairs.filter(([from, to]) => !EXECUTION_TRANSITIONS[from].includes(to));

  it('is the documented one: 6 allowed and 19 refused of the 25 moves', () => {
    expect(EXECUTION_TRANSITIONS).toEqual({
      pending: ['in_progress', 'cancelled'],
      in_progress: ['in_progress', 'completed', 'failed', 'cancelled'],
      completed: [],
      failed: [],
      cancelled: [],
    });
    expect(allowed).toHaveLength(6);
    expect(refused).toHaveLength(19);
  });

  it.each(allowed)('allows %s → %s', (from, to) => {
    const before = execution(from);
    const moved = expectOk(transitionExecution(before, to, undefined, NOW));
    expect(moved.event).toEqual({ previousStatus: from, status: to });
    expect(moved.execution).toEqual({
      ...before,
      status: to,
      updatedAt: NOW.toISOString(),
      completedAt: isTerminal(to) ? NOW.toISOString() : null,
    });
    expect(Execution.parse(moved.execution)).toEqual(moved.execution);
    expect(before.status).toBe(from); // the input is not modified
  });

  it.each(refused)('refuses %s → %s as invalid_transition', (from, to) => {
    const why = isTerminal(from)
      ? `${from} is final`
      : `${from} can only move to ${EXECUTION_TRANSITIONS[from].join(' or ')}`;
    expect(transitionExecution(execution(from), to, { notes: 'x' }, NOW)).toEqual({
      ok: false,
      code: 'invalid_transition',
      reason: `cannot move execution ${ID} from ${from} to ${to}: ${why}`,
    });
  });

  it('words the refusals for people', () => {
    const refusal = (from: ExecutionStatus, to: ExecutionStatus) =>
      (transitionExecution(execution(from), to, undefined, NOW) as { reason: string }).reason;
    expect(refusal('completed', 'in_progress')).toBe(
      `cannot move execution ${ID} from completed to in_progress: completed is final`,
    );
    expect(refusal('pending', 'failed')).toBe(
      `cannot move execution ${ID} from pending to failed: pending can only move to in_progress or cancelled`,
    );
  });
});

describe('execution lifecycle: results and completedAt', () => {
  it('runs a whole execution, accumulating files and keeping the latest notes', () => {
    let current = execution('pending');
    const steps: [ExecutionStatus, ExecutionResult | undefined][] = [
      ['in_progress', { notes: 'picked up by claude' }],
      ['in_progress', { notes: 'writer done', filesModified: ['src/csv.ts', 'src/a.ts'] }],
      ['in_progress', undefined], // a heartbeat: no result, only updatedAt moves
      [
        'completed',
        { summary: 'CSV export shipped', filesModified: ['src/a.ts', 'test/csv.spec.ts'], commit: 'abc123' },
      ],
    ];
    for (const [i, [to, result]] of steps.entries()) {
      const now = new Date(NOW.getTime() + i * 1000);
      current = expectOk(transitionExecution(current, to, result, now)).execution;
      expect(current.updatedAt).toBe(now.toISOString());
      expect(current.completedAt).toBe(to === 'completed' ? now.toISOString() : null);
    }
    expect(current.result).toEqual({
      notes: 'writer done',
      summary: 'CSV export shipped',
      filesModified: ['src/csv.ts', 'src/a.ts', 'test/csv.spec.ts'],
      commit: 'abc123',
    });
    expect(current.createdAt).toBe(CREATED);
    expect(Execution.parse(current)).toEqual(current);
  });

  it('records a result on failure and on cancellation, from pending too', () => {
    const failed = expectOk(
      transitionExecution(execution('in_progress'), 'failed', { summary: 'tests red' }, NOW),
    ).execution;
    expect(failed).toMatchObject({
      status: 'failed',
      result: { summary: 'tests red' },
      completedAt: NOW.toISOString(),
    });
    const cancelled = expectOk(
      transitionExecution(execution('pending'), 'cancelled', { notes: 'not needed' }, NOW),
    ).execution;
    expect(cancelled).toMatchObject({ status: 'cancelled', result: { notes: 'not needed' } });
  });

  it('keeps the previous result when none is given, and a null result null', () => {
    const withResult = execution('in_progress', { notes: 'half way' });
    expect(expectOk(transitionExecution(withResult, 'completed', undefined, NOW)).execution.result).toEqual({
      notes: 'half way',
    });
    expect(expectOk(transitionExecution(execution('pending'), 'in_progress', undefined, NOW)).execution.result).toBe(
      null,
    );
  });

  it('does not modify the previous result object', () => {
    const previous: ExecutionResult = { filesModified: ['a.ts'] };
    const before = execution('in_progress', previous);
    transitionExecution(before, 'in_progress', { filesModified: ['b.ts'] }, NOW);
    expect(before.result).toEqual({ filesModified: ['a.ts'] });
  });
});
