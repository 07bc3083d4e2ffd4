import { ticket } from '../../test/fixtures/plans';
import { compareKeys, criticalPath, effortHours, formatHours, orderPlan, topoOrder } from './dependency-order';

describe('compareKeys', () => {
  it('orders keys by number, not by text', () => {
    expect(['FG-10', 'FG-2', 'FG-1'].sort(compareKeys)).toEqual(['FG-1', 'FG-2', 'FG-10']);
  });
});

describe('topoOrder', () => {
  const deps: Record<string, string[]> = { 'FG-5': ['FG-9'], 'FG-9': [], 'FG-3': [] };

  it('puts blockers first and breaks ties by key', () => {
    expect(
      topoOrder(
        Object.keys(deps),
        (k) => deps[k],
        () => '',
      ),
    ).toEqual({ order: ['FG-3', 'FG-9', 'FG-5'], notes: [] });
  });

  it('breaks a cycle at the lowest key and reports it', () => {
    const cyclic: Record<string, string[]> = { 'FG-2': ['FG-3'], 'FG-3': ['FG-2'], 'FG-4': ['FG-3'] };
    const result = topoOrder(
      Object.keys(cyclic),
      (k) => cyclic[k],
      (k, p) => `${k}<${p.join()}`,
    );
    expect(result).toEqual({ order: ['FG-2', 'FG-3', 'FG-4'], notes: ['FG-2<FG-3'] });
  });
});

describe('orderPlan', () => {
  it('orders issues by the links between their tasks and keeps orphan tasks as their own group', () => {
    const plan = orderPlan([
      ticket('FG-1', null),
      ticket('FG-2', 'FG-1'),
      ticket('FG-3', 'FG-2', { blockedBy: ['FG-6'] }),
      ticket('FG-4', 'FG-1', { level: 'task' }),
      ticket('FG-5', 'FG-1'),
      ticket('FG-6', 'FG-5', { blockedBy: ['FG-1'] }),
    ]);
    expect(plan.groups.map((g) => [g.head.key, g.tasks.map((t) => t.key)])).toEqual([
      ['FG-4', []],
      ['FG-5', ['FG-6']],
      ['FG-2', ['FG-3']],
    ]);
    expect(plan.work.map((t) => t.key)).toEqual(['FG-4', 'FG-6', 'FG-3']);
    expect(plan.blockersOf('FG-6')).toEqual([]);
    expect(plan.notes).toEqual([]);
  });

  it('keeps the first of two tickets with one key and says so', () => {
    const plan = orderPlan([ticket('FG-1', null), ticket('FG-1', null, { title: '[X] Second' })]);
    expect(plan.byKey.get('FG-1')?.title).toBe('[Component] Work item FG-1');
    expect(plan.notes).toEqual(['FG-1 appears more than once; only the first ticket with that key is exported.']);
  });
});

describe('effort and the critical path', () => {
  it('reads hours and days', () => {
    expect([effortHours('4h'), effortHours('1.5d'), effortHours('soon')]).toEqual([4, 12, 0]);
    expect([formatHours(6), formatHours(20)]).toEqual(['6h', '20h (2.5d)']);
  });

  it('follows the heaviest chain, through issue-level links', () => {
    const plan = orderPlan([
      ticket('FG-1', null),
      ticket('FG-2', 'FG-1'),
      ticket('FG-3', 'FG-2', { estimatedEffort: '4h' }),
      ticket('FG-4', 'FG-2', { estimatedEffort: '8h' }),
      ticket('FG-5', 'FG-1', { blockedBy: ['FG-2'] }),
      ticket('FG-6', 'FG-5', { estimatedEffort: '3h' }),
      ticket('FG-7', 'FG-5', { estimatedEffort: '2h', blockedBy: ['FG-6'] }),
    ]);
    expect(criticalPath(plan)).toEqual({ hours: 13, keys: ['FG-4', 'FG-6', 'FG-7'] });
  });
});
