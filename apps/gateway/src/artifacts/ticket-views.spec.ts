import type { Ticket } from '@flowguard/contracts';
import { findNode, flatTickets, ticketTree } from './ticket-views';
import { sumUsage } from './usage-summary';

const t = (key: string, level: Ticket['level'], parentKey: string | null, extra: Partial<Ticket> = {}): Ticket => ({
  key,
  level,
  kind: 'feature',
  parentKey,
  title: `[X] ${key}`,
  description: 'd',
  acceptanceCriteria: ['Do it'],
  implementationSteps: [],
  files: [],
  estimatedEffort: '2h',
  priority: 'P2',
  tags: [],
  blockedBy: [],
  covers: [],
  specRef: 'spec:00000000-0000-0000-0000-000000000000',
  status: 'open',
  ...extra,
});

const plan = [
  t('FG-1', 'epic', null),
  t('FG-2', 'issue', 'FG-1'),
  t('FG-3', 'task', 'FG-2', { priority: 'P0' }),
  t('FG-4', 'task', 'FG-2', { status: 'done' }),
  t('FG-5', 'issue', 'FG-1'),
  t('FG-6', 'task', 'FG-5'),
  t('FG-7', 'task', 'FG-99'),
];

describe('ticket views', () => {
  it('flat: filters by level, status and priority together', () => {
    expect(flatTickets(plan, { level: 'task' }).map((x) => x.key)).toEqual(['FG-3', 'FG-4', 'FG-6', 'FG-7']);
    expect(flatTickets(plan, { level: 'task', priority: 'P0' }).map((x) => x.key)).toEqual(['FG-3']);
    expect(flatTickets(plan, { status: 'done' }).map((x) => x.key)).toEqual(['FG-4']);
  });

  it('tree: nests children in plan order; a ticket whose parent is missing is a root', () => {
    const { roots, matched } = ticketTree(plan, {});
    expect(matched).toBe(plan.length);
    expect(roots.map((r) => r.key)).toEqual(['FG-1', 'FG-7']);
    expect(roots[0]!.children!.map((c) => [c.key, c.children!.map((g) => g.key)])).toEqual([
      ['FG-2', ['FG-3', 'FG-4']],
      ['FG-5', ['FG-6']],
    ]);
    expect(findNode(roots, 'FG-5')!.children!.map((c) => c.key)).toEqual(['FG-6']);
    expect(findNode(roots, 'FG-42')).toBeUndefined();
  });

  it('tree with filters keeps the path to each match', () => {
    const { roots, matched } = ticketTree(plan, { status: 'done' });
    expect(matched).toBe(1);
    expect(roots).toHaveLength(1);
    expect(roots[0]!.key).toBe('FG-1');
    expect(roots[0]!.children!.map((c) => [c.key, c.children!.map((g) => g.key)])).toEqual([['FG-2', ['FG-4']]]);
  });

  it('tree survives a parent cycle (each ticket once)', () => {
    const cyclic = [t('FG-1', 'issue', 'FG-2'), t('FG-2', 'issue', 'FG-1'), t('FG-3', 'epic', null)];
    expect(ticketTree(cyclic, {}).roots.map((r) => r.key)).toEqual(['FG-3']);
  });
});

describe('sumUsage', () => {
  it('tags rows with their service and totals them', () => {
    const row = { purpose: 'tickets', provider: 'openai', model: 'm', calls: 2, promptTokens: 10, completionTokens: 5 };
    const usage = sumUsage('w', [
      { service: 'clarifier', rows: [{ ...row, purpose: 'clarification', calls: 1 }] },
      { service: 'spec-gen', rows: [] },
      { service: 'ticket-gen', rows: [row] },
    ]);
    expect(usage.rows.map((r) => [r.service, r.purpose, r.totalTokens])).toEqual([
      ['clarifier', 'clarification', 15],
      ['ticket-gen', 'tickets', 15],
    ]);
    expect(usage.totals).toEqual({ calls: 3, promptTokens: 20, completionTokens: 10, totalTokens: 30 });
  });
});
