import { TicketStatus } from '@flowguard/contracts';
import {
  progress,
  rollUp,
  STATUS_WEIGHT,
  transition,
  TRANSITIONS,
  type LifecycleTicket,
  type TransitionResult,
} from './ticket-lifecycle';

const STATUSES = TicketStatus.options;

const ticket = (
  key: string,
  status: TicketStatus,
  parentKey: string | null = null,
  blockedBy: string[] = [],
): LifecycleTicket => ({ key, status, parentKey, blockedBy });

/** Asserts success and returns the success branch, so the test can read its fields. */
function expectOk<T extends LifecycleTicket>(result: TransitionResult<T>): Extract<TransitionResult<T>, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.reason}`);
  return result;
}

const statusOf = (tickets: readonly LifecycleTicket[], key: string) => tickets.find((t) => t.key === key)?.status;

describe('ticket lifecycle: transitions', () => {
  const pairs = STATUSES.flatMap((from) => STATUSES.filter((to) => to !== from).map((to) => [from, to] as const));
  const allowed = pairs.filter(([from, to]) => TRANSITIONS[from].includes(to));
  const forbidden = pairs.filter(([from, to]) => !TRANSITIONS[from].includes(to));

  it('the table is the documented one (12 allowed, 18 forbidden of the 30 moves)', () => {
    expect(TRANSITIONS).toEqual({
      open: ['in_progress', 'blocked'],
      in_progress: ['review', 'blocked', 'open'],
      review: ['done', 'in_progress'],
      done: ['reopened'],
      reopened: ['in_progress', 'blocked'],
      blocked: ['open', 'in_progress'],
    });
    expect(allowed).toHaveLength(12);
    expect(forbidden).toHaveLength(18);
  });

  // A lone ticket: no blocker and no child, so only the table decides.
  it.each(allowed)('allows %s → %s', (from, to) => {
    const before = [ticket('FG-3', from)];
    const result = expectOk(transition(before, 'FG-3', to));
    expect(result.tickets).toEqual([ticket('FG-3', to)]);
    expect(result.changed).toEqual([{ key: 'FG-3', from, to }]);
    expect(before[0]?.status).toBe(from); // the input is not modified
  });

  it.each(forbidden)('refuses %s → %s as invalid_transition', (from, to) => {
    const result = transition([ticket('FG-3', from)], 'FG-3', to);
    expect(result).toEqual({
      ok: false,
      code: 'invalid_transition',
      reason: `cannot move FG-3 from ${from} to ${to}: allowed from ${from}: ${TRANSITIONS[from].join(', ')}`,
    });
  });

  it('words the refusal as documented', () => {
    const result = transition([ticket('FG-3', 'open')], 'FG-3', 'done');
    expect(result).toMatchObject({
      reason: 'cannot move FG-3 from open to done: allowed from open: in_progress, blocked',
    });
  });

  it.each(STATUSES)('treats %s → the same status as a harmless no-op', (status) => {
    const tickets = [ticket('FG-3', status)];
    expect(transition(tickets, 'FG-3', status)).toEqual({ ok: true, tickets, changed: [] });
  });

  it('answers not_found for an unknown key', () => {
    expect(transition([ticket('FG-1', 'open')], 'FG-9', 'in_progress')).toEqual({
      ok: false,
      code: 'not_found',
      reason: 'ticket FG-9 not found',
    });
  });

  it('keeps extra fields of the caller’s tickets', () => {
    const tickets = [{ ...ticket('FG-1', 'open'), title: '[A] Keep me' }];
    expect(expectOk(transition(tickets, 'FG-1', 'in_progress')).tickets).toEqual([
      { ...tickets[0], status: 'in_progress' },
    ]);
  });
});

describe('ticket lifecycle: blockers', () => {
  const plan = (blockerA: TicketStatus, blockerB: TicketStatus) => [
    ticket('FG-1', blockerA),
    ticket('FG-2', blockerB),
    ticket('FG-3', 'open', null, ['FG-1', 'FG-2']),
  ];

  it('refuses in_progress while any blocker is not done, naming the blockers that are not', () => {
    expect(transition(plan('done', 'review'), 'FG-3', 'in_progress')).toEqual({
      ok: false,
      code: 'blocked',
      reason: 'cannot move FG-3 to in_progress: blocked by FG-2 (review), which must be done first',
    });
    const both = transition(plan('open', 'in_progress'), 'FG-3', 'in_progress');
    expect(both).toMatchObject({ ok: false, code: 'blocked' });
    expect(!both.ok && both.reason).toContain('FG-1 (open), FG-2 (in_progress)');
  });

  it.each(['blocked', 'reopened'] as const)('guards in_progress from %s too', (from) => {
    const tickets = [ticket('FG-1', 'open'), ticket('FG-3', from, null, ['FG-1'])];
    expect(transition(tickets, 'FG-3', 'in_progress')).toMatchObject({ ok: false, code: 'blocked' });
  });

  it('allows in_progress once every blocker is done', () => {
    const result = expectOk(transition(plan('done', 'done'), 'FG-3', 'in_progress'));
    expect(statusOf(result.tickets, 'FG-3')).toBe('in_progress');
  });

  it('does not guard other moves: a blocked-by ticket may still be parked as blocked', () => {
    expect(transition(plan('open', 'open'), 'FG-3', 'blocked')).toMatchObject({ ok: true });
  });

  it('ignores links that name no other ticket (dangling or self), which validation reports', () => {
    const tickets = [ticket('FG-3', 'open', null, ['FG-99', 'FG-3'])];
    expect(transition(tickets, 'FG-3', 'in_progress')).toMatchObject({ ok: true });
  });
});

describe('ticket lifecycle: children', () => {
  const tree = (a: TicketStatus, b: TicketStatus) => [
    ticket('FG-1', 'review'),
    ticket('FG-2', a, 'FG-1'),
    ticket('FG-3', b, 'FG-1'),
  ];

  it('refuses done while a child is not done, naming it', () => {
    expect(transition(tree('done', 'review'), 'FG-1', 'done')).toEqual({
      ok: false,
      code: 'children_open',
      reason: 'cannot move FG-1 to done: children not done: FG-3 (review)',
    });
  });

  it('allows done once every child is done', () => {
    const result = expectOk(transition(tree('done', 'done'), 'FG-1', 'done'));
    expect(result.changed).toEqual([{ key: 'FG-1', from: 'review', to: 'done' }]);
  });

  it('does not auto-complete a parent whose last child is done', () => {
    const result = expectOk(transition(tree('done', 'review'), 'FG-3', 'done'));
    expect(statusOf(result.tickets, 'FG-1')).toBe('review');
    expect(result.changed).toEqual([{ key: 'FG-3', from: 'review', to: 'done' }]);
    expect(rollUp(result.tickets)).toEqual({ 'FG-1': 100 });
  });

  it('reopening a task reopens its done ancestors', () => {
    const tickets = [
      ticket('FG-1', 'done'),
      ticket('FG-2', 'done', 'FG-1'),
      ticket('FG-3', 'done', 'FG-2'),
      ticket('FG-4', 'done', 'FG-2'),
    ];
    const result = expectOk(transition(tickets, 'FG-3', 'reopened'));
    expect(result.changed).toEqual([
      { key: 'FG-3', from: 'done', to: 'reopened' },
      { key: 'FG-2', from: 'done', to: 'reopened' },
      { key: 'FG-1', from: 'done', to: 'reopened' },
    ]);
    expect(result.tickets.map((t) => t.status)).toEqual(['reopened', 'reopened', 'reopened', 'done']);
  });
});

describe('ticket lifecycle: progress roll-up', () => {
  // FG-1 epic
  //   FG-2 issue: FG-3 done, FG-4 review, FG-5 in_progress, FG-6 blocked
  //   FG-7 issue: FG-8 done, FG-9 done
  //   FG-10 issue: no tasks yet, open
  const tickets: LifecycleTicket[] = [
    { ...ticket('FG-1', 'in_progress'), level: 'epic' },
    { ...ticket('FG-2', 'in_progress', 'FG-1'), level: 'issue' },
    ticket('FG-3', 'done', 'FG-2'),
    ticket('FG-4', 'review', 'FG-2'),
    ticket('FG-5', 'in_progress', 'FG-2'),
    ticket('FG-6', 'blocked', 'FG-2'),
    { ...ticket('FG-7', 'review', 'FG-1'), level: 'issue' },
    ticket('FG-8', 'done', 'FG-7'),
    ticket('FG-9', 'done', 'FG-7'),
    { ...ticket('FG-10', 'open', 'FG-1'), level: 'issue' },
  ];

  it('weights statuses as documented', () => {
    expect(STATUS_WEIGHT).toEqual({ open: 0, in_progress: 50, review: 75, done: 100, blocked: 0, reopened: 0 });
  });

  it('averages the weights of the task descendants, rounding down', () => {
    // (100 + 75 + 50 + 0) / 4 = 56.25
    expect(progress(tickets, 'FG-2')).toEqual({ done: 1, total: 4, percent: 56 });
    expect(progress(tickets, 'FG-7')).toEqual({ done: 2, total: 2, percent: 100 });
    // an issue with no task yet is its own unit of work
    expect(progress(tickets, 'FG-10')).toEqual({ done: 0, total: 1, percent: 0 });
    // the epic: FG-3..FG-6, FG-8, FG-9, FG-10 → (100 + 75 + 50 + 0 + 100 + 100 + 0) / 7 = 60.7
    expect(progress(tickets, 'FG-1')).toEqual({ done: 3, total: 7, percent: 60 });
  });

  it('gives a task its own weight', () => {
    expect(progress(tickets, 'FG-3')).toEqual({ done: 1, total: 1, percent: 100 });
    expect(progress(tickets, 'FG-4')).toEqual({ done: 0, total: 1, percent: 75 });
  });

  it('never shows 100 % over an unfinished task', () => {
    const many = [
      ticket('FG-1', 'open'),
      ...Array.from({ length: 199 }, (_, i) => ticket(`FG-${i + 2}`, 'done', 'FG-1')),
    ];
    many.push(ticket('FG-201', 'review', 'FG-1'));
    expect(progress(many, 'FG-1')).toEqual({ done: 199, total: 200, percent: 99 });
  });

  it('returns null for an unknown key', () => {
    expect(progress(tickets, 'FG-99')).toBeNull();
  });

  it('rolls up every epic and issue', () => {
    expect(rollUp(tickets)).toEqual({ 'FG-1': 60, 'FG-2': 56, 'FG-7': 100, 'FG-10': 0 });
  });

  it('without levels, rolls up every ticket that has children', () => {
    const bare = tickets.map(({ key, status, parentKey, blockedBy }) => ({ key, status, parentKey, blockedBy }));
    expect(rollUp(bare)).toEqual({ 'FG-1': 60, 'FG-2': 56, 'FG-7': 100 });
  });

  it('survives a parent cycle in corrupt data', () => {
    const corrupt = [ticket('FG-1', 'open', 'FG-2'), ticket('FG-2', 'open', 'FG-1')];
    expect(progress(corrupt, 'FG-1')).toEqual({ done: 0, total: 0, percent: 0 });
  });
});
