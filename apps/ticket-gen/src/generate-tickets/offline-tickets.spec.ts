import type { SpecContent, TicketDraft, TicketsInput } from '@flowguard/contracts';
import { SPEC_FIXTURES, ticketsInputFor, type SpecFixtureName } from '../../test/fixtures/specs';
import { expectValidPlan, findCycle, hours, tasksOf, waitsFor, workOf } from '../../test/fixtures/ticket-checks';
import { generateTicketsOffline } from './offline-tickets';

const DISTRIBUTIONS = ['balanced', 'critical-first'] as const;

function plan(name: SpecFixtureName, overrides: Partial<TicketsInput> = {}): TicketDraft[] {
  return generateTicketsOffline(ticketsInputFor(name, overrides)).tickets;
}

describe.each(SPEC_FIXTURES)('generateTicketsOffline: $name', ({ name }) => {
  const spec = ticketsInputFor(name).spec;

  describe.each(DISTRIBUTIONS)('%s', (priorityDistribution) => {
    it('produces a valid plan: one epic, consistent parents, every FR on a task, files from the plan, a DAG', () => {
      expectValidPlan(spec, plan(name, { priorityDistribution }), 40);
    });

    it('keeps every task within 2–8 h when the budget is roomy', () => {
      for (const t of tasksOf(plan(name, { priorityDistribution }))) {
        expect(hours(t.estimatedEffort)).toBeGreaterThanOrEqual(2);
        expect(hours(t.estimatedEffort)).toBeLessThanOrEqual(8);
        expect(t.tags).not.toContain('oversized');
      }
    });

    it.each([12, 6, 3])('fits maxTickets=%i and still covers every FR', (maxTickets) => {
      expectValidPlan(spec, plan(name, { priorityDistribution, maxTickets }), maxTickets);
    });

    it('holds every invariant for each budget from 3 to 25 tickets', () => {
      for (let maxTickets = 3; maxTickets <= 25; maxTickets++) {
        expectValidPlan(spec, plan(name, { priorityDistribution, maxTickets }), maxTickets);
      }
    });

    it('is deterministic', () => {
      expect(plan(name, { priorityDistribution })).toEqual(plan(name, { priorityDistribution }));
    });

    it('orders every pair of tasks that edit the same file, so none can run in parallel', () => {
      const tasks = tasksOf(plan(name, { priorityDistribution }));
      for (const a of tasks) {
        for (const b of tasks) {
          if (a.key >= b.key || !a.files.some((f) => b.files.includes(f))) continue;
          expect(waitsFor(tasks, a.key, b.key) || waitsFor(tasks, b.key, a.key)).toBe(true);
        }
      }
    });
  });

  it('makes critical-first put the first phase MUST work at P0 and balanced use no P0', () => {
    const critical = plan(name, { priorityDistribution: 'critical-first' });
    const balanced = plan(name, { priorityDistribution: 'balanced' });
    expect(critical.filter((t) => t.priority === 'P0').length).toBeGreaterThan(0);
    expect(balanced.filter((t) => t.priority === 'P0')).toEqual([]);
    for (const t of workOf(balanced)) {
      const levels = spec.functionalRequirements.filter((fr) => t.covers.includes(fr.id)).map((fr) => fr.level);
      if (levels.includes('MUST')) expect(t.priority).toBe('P1');
      else if (levels.includes('SHOULD')) expect(t.priority).toBe('P2');
      else if (levels.includes('MAY')) expect(t.priority).toBe('P3');
    }
  });

  it('makes test tasks wait for the work tasks of their issue and sums issue effort from its tasks', () => {
    const tickets = plan(name);
    for (const test of tasksOf(tickets).filter((t) => t.kind === 'test')) {
      const siblings = workOf(tickets).filter((t) => t.parentKey === test.parentKey);
      expect(test.blockedBy).toEqual(expect.arrayContaining(siblings.map((t) => t.key)));
    }
    for (const issue of tickets.filter((t) => t.level === 'issue')) {
      const sum = tickets.filter((t) => t.parentKey === issue.key).reduce((n, t) => n + hours(t.estimatedEffort), 0);
      expect(hours(issue.estimatedEffort)).toBeGreaterThanOrEqual(sum);
      expect(hours(issue.estimatedEffort)).toBeLessThan(sum + 4);
    }
  });
});

describe('findCycle (the checker itself)', () => {
  it('finds a cycle and accepts a DAG', () => {
    const t = (key: string, blockedBy: string[]) => ({ key, blockedBy }) as TicketDraft;
    expect(findCycle([t('FG-1', ['FG-3']), t('FG-2', ['FG-1']), t('FG-3', ['FG-2'])])).toEqual([
      'FG-1',
      'FG-3',
      'FG-2',
      'FG-1',
    ]);
    expect(findCycle([t('FG-1', []), t('FG-2', ['FG-1']), t('FG-3', ['FG-1', 'FG-2'])])).toBeNull();
  });
});

describe('generateTicketsOffline: content', () => {
  it('plans team billing as three phase issues with proration, invoices and dunning tasks on the right files', () => {
    const tickets = plan('team-billing');
    expect(tickets[0]?.title).toBe('[Billing] Team billing with Stripe subscriptions');
    expect(tickets.filter((t) => t.level === 'issue').map((t) => t.title)).toEqual([
      '[Billing] Deliver subscriptions, seats and webhooks',
      '[Billing] Deliver proration and invoices',
      '[Dunning] Deliver dunning and billing history',
    ]);
    const proration = workOf(tickets).find((t) => t.covers.includes('FR-003'));
    expect(proration?.title).toMatch(/prorat/i);
    expect(proration?.files).toContain('apps/api/src/billing/proration.ts');
    expect(workOf(tickets).some((t) => /invoice/i.test(t.title))).toBe(true);
    const dunning = workOf(tickets).find((t) => t.covers.includes('FR-005'));
    expect(dunning?.files).toEqual(
      expect.arrayContaining([
        'apps/api/src/billing/dunning/dunning.processor.ts',
        'apps/api/src/workspaces/workspace-access.guard.ts',
      ]),
    );
    expect(dunning?.acceptanceCriteria).toContain(
      'GIVEN a read-only workspace WHEN the owner updates the card and the retry succeeds THEN write access is restored within one minute (FR-005)',
    );
    // Phase 2 builds on phase 1: the proration task waits for the seat task whose files it edits.
    const seats = workOf(tickets).find((t) => t.covers.includes('FR-002'));
    expect(proration?.blockedBy).toContain(seats?.key);
    const docs = tasksOf(tickets).filter((t) => t.kind === 'documentation');
    expect(docs.map((t) => t.files)).toEqual([['docs/billing.md']]);
  });

  it('splits the single-phase CSV export into frontend and backend issues touching the controller', () => {
    const tickets = plan('csv-export');
    expect(tickets.filter((t) => t.level === 'issue').map((t) => t.title)).toEqual([
      '[Reports UI] Deliver the frontend of CSV export',
      '[Reports API] Deliver the backend of CSV export',
    ]);
    expect(workOf(tickets).some((t) => t.files.includes('api/src/reports/reports.controller.ts'))).toBe(true);
    const exportTask = workOf(tickets).find((t) => t.covers.includes('FR-001'));
    expect(exportTask?.title).toBe('[Reports UI] Export the current report as CSV');
    expect(exportTask?.files).toEqual(
      expect.arrayContaining(['src/reports/ReportsPage.tsx', 'src/reports/useCsvExport.ts']),
    );
    const tests = tasksOf(tickets).filter((t) => t.kind === 'test');
    expect(tests.flatMap((t) => t.files)).toEqual(
      expect.arrayContaining(['api/src/reports/csv/csv-writer.spec.ts', 'api/test/reports-export.e2e-spec.ts']),
    );
  });

  it('fits CSV export into 6 tickets by merging tasks without exceeding 8 h', () => {
    const tickets = plan('csv-export', { maxTickets: 6 });
    expect(tickets).toHaveLength(6);
    expect(tasksOf(tickets).every((t) => hours(t.estimatedEffort) <= 8)).toBe(true);
    expect(workOf(tickets).some((t) => t.covers.length > 1)).toBe(true);
  });

  it('keeps billing tasks within a day at maxTickets=12: tests and docs fold before anything is oversized', () => {
    const tickets = plan('team-billing', { maxTickets: 12 });
    expect(tickets.length).toBeLessThanOrEqual(12);
    expect(tasksOf(tickets).filter((t) => t.tags.includes('oversized'))).toEqual([]);
  });

  it('puts offline notes encryption and conflict work on the crypto and merge files', () => {
    const tickets = plan('offline-notes');
    expect(workOf(tickets).find((t) => t.covers.includes('FR-004'))?.files).toContain('web/src/crypto/note-crypto.ts');
    expect(workOf(tickets).find((t) => t.covers.includes('FR-003'))?.files).toContain('web/src/sync/merge.ts');
    const phase2Test = tasksOf(tickets).find((t) => t.kind === 'test' && t.tags.includes('phase-2'));
    expect(phase2Test?.files).toEqual(['web/src/sync/merge.test.ts']);
  });

  it('derives bugfix and refactor kinds from the requirement text', () => {
    const input = ticketsInputFor('csv-export');
    const [fr1, fr2, fr3, fr4] = input.spec.functionalRequirements as [
      SpecContent['functionalRequirements'][number],
      ...SpecContent['functionalRequirements'],
    ];
    const spec: SpecContent = {
      ...input.spec,
      functionalRequirements: [
        fr1,
        {
          ...(fr2 as typeof fr1),
          statement: 'The export endpoint SHOULD replace the in-memory CSV build with a streamed one.',
        },
        fr3 as typeof fr1,
        { ...(fr4 as typeof fr1), title: 'Fix the export button staying disabled after an error' },
      ],
    };
    const tickets = generateTicketsOffline({ ...input, spec }).tickets;
    expect(workOf(tickets).find((t) => t.covers.includes('FR-002'))?.kind).toBe('refactor');
    const fix = workOf(tickets).find((t) => t.covers.includes('FR-004'));
    expect(fix?.kind).toBe('bugfix');
    expect(fix?.title).toBe('[Reports UI] Fix the export button staying disabled after an error');
  });

  it('gives a requirement with no matching file the closest planned file', () => {
    const input = ticketsInputFor('offline-notes');
    const orphan = {
      id: 'FR-006',
      title: 'Zebra telemetry opt-out',
      statement: 'Members MAY opt out of zebra telemetry.',
      level: 'MAY' as const,
      scenarios: [{ given: 'a member', when: 'they opt out', then: 'no zebra telemetry is sent' }],
    };
    const spec = { ...input.spec, functionalRequirements: [...input.spec.functionalRequirements, orphan] };
    const tickets = generateTicketsOffline({ ...input, spec }).tickets;
    expectValidPlan(spec, tickets, 40);
    expect(workOf(tickets).find((t) => t.covers.includes('FR-006'))?.files).toHaveLength(1);
  });

  it('folds a phase without work into the previous issue instead of leaving an empty issue', () => {
    const input = ticketsInputFor('offline-notes');
    const rollout = {
      name: 'Phase 3: Staged rollout',
      deliverables: ['Staged rollout to 10% of accounts'],
      successCriteria: { automated: [], manual: ['Watch error rates for a week'] },
    };
    const spec = { ...input.spec, phases: [...input.spec.phases, rollout] };
    const tickets = generateTicketsOffline({ ...input, spec }).tickets;
    expectValidPlan(spec, tickets, 40);
    const issues = tickets.filter((t) => t.level === 'issue');
    expect(issues).toHaveLength(2);
    expect(issues[1]?.title).toBe('[Crypto] Deliver conflict resolution and end-to-end encryption; staged rollout');
    expect(issues[1]?.acceptanceCriteria).toEqual(
      expect.arrayContaining(['Deliver staged rollout to 10% of accounts', 'Watch error rates for a week']),
    );
  });
});
