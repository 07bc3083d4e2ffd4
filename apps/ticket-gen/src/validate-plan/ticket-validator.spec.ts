import { ValidationReport, type SpecContent, type TicketDraft } from '@flowguard/contracts';
import { FIXTURE_SPEC_ID, SPEC_FIXTURES, ticketsInputFor, type SpecFixtureName } from '../../test/fixtures/specs';
import { generateTicketsOffline } from '../generate-tickets/offline-tickets';
import { PLAN_RULES, validatePlan, type PlanRule } from './ticket-validator';

/**
 * Every rule is exercised by mutating a valid offline plan. The csv-export plan (40-ticket
 * budget) is the base; its shape, asserted in "the base plan", is what the mutations rely on:
 *
 *   FG-1 epic
 *     FG-2 issue: FG-3 (FR-001), FG-4 (FR-004, ← FG-3), FG-5 test (← FG-3, FG-4)
 *     FG-6 issue: FG-7 (FR-002, ← FG-3), FG-8 (FR-003, ← FG-7), FG-9 test (← FG-7, FG-8),
 *                 FG-10 docs (← FG-4, FG-5, FG-9)
 */

const CSV_WRITER = 'api/src/reports/csv/csv-writer.ts';
const OTHER_SPEC_ID = '00000000-0000-4000-8000-000000000000';

function planFor(name: SpecFixtureName, maxTickets = 40): { spec: SpecContent; tickets: TicketDraft[] } {
  const input = ticketsInputFor(name, { maxTickets });
  return { spec: input.spec, tickets: generateTicketsOffline(input).tickets };
}

const base = planFor('csv-export');

/** The base plan, changed by `edit` (which gets a fresh deep copy and a by-key accessor). */
function mutated(edit: (get: (key: string) => TicketDraft, tickets: TicketDraft[]) => void): TicketDraft[] {
  const tickets = structuredClone(base.tickets);
  const get = (key: string): TicketDraft => {
    const t = tickets.find((x) => x.key === key);
    if (!t) throw new Error(`no ${key} in the base plan`);
    return t;
  };
  edit(get, tickets);
  return tickets;
}

function validate(tickets: TicketDraft[], spec: SpecContent = base.spec): ValidationReport {
  return validatePlan({ specId: FIXTURE_SPEC_ID, spec, tickets });
}

/** [severity, ticketKey, ref] of every finding of one rule, in report order. */
function hits(report: ValidationReport, rule: PlanRule): [string, string | undefined, string | undefined][] {
  return report.findings.filter((f) => f.rule === rule).map((f) => [f.severity, f.ticketKey, f.ref]);
}

describe('validatePlan', () => {
  describe('valid plans from the offline planner', () => {
    it.each(SPEC_FIXTURES.map((f) => f.name))(
      '%s: no finding at all, full traceability, an empty DAG report',
      (name) => {
        const { spec, tickets } = planFor(name);
        const report = validate(tickets, spec);
        expect(ValidationReport.safeParse(report).success).toBe(true);
        expect(report).toMatchObject({ schemaVersion: 1, valid: true, errors: 0, warnings: 0, findings: [] });
        expect(report.fileConflicts).toEqual([]);
        expect(report.dag).toEqual({ cycles: [], danglingLinks: [], orphans: [] });
        expect(report.traceability.map((e) => e.requirementId)).toEqual(spec.functionalRequirements.map((fr) => fr.id));
        for (const entry of report.traceability) expect(entry.ticketKeys.length).toBeGreaterThan(0);
      },
    );

    it('the base plan has the shape the mutations below rely on', () => {
      const shape = base.tickets.map((t) => [t.key, t.level, t.kind, t.parentKey, t.covers, t.blockedBy]);
      expect(shape).toEqual([
        ['FG-1', 'epic', 'feature', null, ['FR-001', 'FR-002', 'FR-003', 'FR-004'], []],
        ['FG-2', 'issue', 'feature', 'FG-1', ['FR-001', 'FR-004'], []],
        ['FG-3', 'task', 'feature', 'FG-2', ['FR-001'], []],
        ['FG-4', 'task', 'feature', 'FG-2', ['FR-004'], ['FG-3']],
        ['FG-5', 'task', 'test', 'FG-2', ['FR-001', 'FR-004'], ['FG-3', 'FG-4']],
        ['FG-6', 'issue', 'feature', 'FG-1', ['FR-002', 'FR-003'], []],
        ['FG-7', 'task', 'feature', 'FG-6', ['FR-002'], ['FG-3']],
        ['FG-8', 'task', 'feature', 'FG-6', ['FR-003'], ['FG-7']],
        ['FG-9', 'task', 'test', 'FG-6', ['FR-002', 'FR-003'], ['FG-7', 'FG-8']],
        ['FG-10', 'task', 'documentation', 'FG-6', [], ['FG-4', 'FG-5', 'FG-9']],
      ]);
      expect(base.spec.functionalRequirements.map((fr) => [fr.id, fr.level])).toEqual([
        ['FR-001', 'MUST'],
        ['FR-002', 'SHOULD'],
        ['FR-003', 'MUST'],
        ['FR-004', 'MAY'],
      ]);
      expect(base.tickets.find((t) => t.key === 'FG-8')?.files).toEqual([CSV_WRITER]);
    });

    it('is deterministic and counts errors and warnings', () => {
      const tickets = mutated((get) => {
        get('FG-4').specRef = `spec:${OTHER_SPEC_ID}`; // error
        get('FG-3').implementationSteps = []; // warning
      });
      expect(validate(tickets)).toEqual(validate(structuredClone(tickets)));
      expect(validate(tickets)).toMatchObject({ valid: false, errors: 1, warnings: 1 });
    });

    it('is valid with warnings only', () => {
      const report = validate(mutated((get) => (get('FG-3').implementationSteps = [])));
      expect(report).toMatchObject({ valid: true, errors: 0, warnings: 1 });
    });

    it('orders findings by rule, then by natural key order, plan-wide findings first', () => {
      const report = validate(
        mutated((get) => {
          get('FG-10').estimatedEffort = '3 hours';
          get('FG-3').estimatedEffort = 'soon';
          get('FG-4').specRef = `spec:${OTHER_SPEC_ID}`;
          get('FG-1').level = 'issue'; // no epic left (plan-wide) and FG-1 becomes an orphan
        }),
      );
      expect(report.findings.map((f) => [f.rule, f.ticketKey])).toEqual([
        ['spec-ref-matches', 'FG-4'],
        ['effort-format', 'FG-3'],
        ['effort-format', 'FG-10'],
        ['hierarchy', undefined],
        ['hierarchy', 'FG-2'],
        ['hierarchy', 'FG-6'],
        ['dag-orphan', 'FG-1'],
      ]);
      const ranks = report.findings.map((f) => PLAN_RULES.indexOf(f.rule as PlanRule));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    });
  });

  describe('alignment and completeness', () => {
    it('spec-ref-matches: a ticket pointing at another spec is an error', () => {
      const report = validate(mutated((get) => (get('FG-7').specRef = `spec:${OTHER_SPEC_ID}`)));
      expect(hits(report, 'spec-ref-matches')).toEqual([['error', 'FG-7', `spec:${OTHER_SPEC_ID}`]]);
      expect(hits(validate(base.tickets), 'spec-ref-matches')).toEqual([]);
    });

    it('covers-resolve: a covered id that is not an FR of the spec is an error, on any level', () => {
      const report = validate(
        mutated((get) => {
          get('FG-3').covers.push('FR-099');
          get('FG-2').covers.push('FR-098');
        }),
      );
      expect(hits(report, 'covers-resolve')).toEqual([
        ['error', 'FG-2', 'FR-098'],
        ['error', 'FG-3', 'FR-099'],
      ]);
    });

    it('criteria-map-to-requirements: a work task covering no (real) FR is a warning; tests and docs are exempt', () => {
      const report = validate(
        mutated((get) => {
          get('FG-3').covers = [];
          get('FG-7').covers = ['FR-099'];
        }),
      );
      expect(hits(report, 'criteria-map-to-requirements')).toEqual([
        ['warning', 'FG-3', undefined],
        ['warning', 'FG-7', undefined],
      ]);
      const exempt = validate(
        mutated((get) => {
          get('FG-5').covers = [];
          get('FG-2').covers = [];
        }),
      );
      expect(hits(exempt, 'criteria-map-to-requirements')).toEqual([]);
    });

    it('files-in-technical-plan: a task file outside the plan is a warning; spelling variants match', () => {
      const report = validate(mutated((get) => get('FG-4').files.push('src/unplanned.ts')));
      expect(hits(report, 'files-in-technical-plan')).toEqual([['warning', 'FG-4', 'src/unplanned.ts']]);

      const variants = validate(
        mutated((get) => {
          get('FG-4').files = ['./src/reports/ReportsPage.tsx'];
          get('FG-1').files.push('docs/elsewhere.md'); // epics aggregate; only tasks are checked
        }),
      );
      expect(hits(variants, 'files-in-technical-plan')).toEqual([]);
    });

    it('required-sections: empty title, description or criteria are errors, missing task steps a warning', () => {
      const report = validate(
        mutated((get) => {
          get('FG-3').title = '';
          get('FG-4').description = '   ';
          get('FG-7').acceptanceCriteria = [];
          get('FG-8').acceptanceCriteria.push(' ');
          get('FG-9').implementationSteps = [];
          get('FG-6').implementationSteps = []; // issues need no steps
        }),
      );
      expect(hits(report, 'required-sections')).toEqual([
        ['error', 'FG-3', 'title'],
        ['error', 'FG-4', 'description'],
        ['error', 'FG-7', 'acceptanceCriteria'],
        ['error', 'FG-8', 'acceptanceCriteria'],
        ['warning', 'FG-9', 'implementationSteps'],
      ]);
      // A blank title is reported once, here, not again by title-format.
      expect(hits(report, 'title-format')).toEqual([]);
    });

    it('verb-first-criteria: a criterion starting with neither a verb nor GIVEN is a warning', () => {
      const report = validate(
        mutated((get) => {
          get('FG-3').acceptanceCriteria[1] = 'The export is fast';
          get('FG-8').acceptanceCriteria = ['Users can export a report'];
        }),
      );
      expect(hits(report, 'verb-first-criteria')).toEqual([
        ['warning', 'FG-3', 'acceptanceCriteria[1]'],
        ['warning', 'FG-8', 'acceptanceCriteria[0]'],
      ]);

      const fine = validate(
        mutated((get) => {
          get('FG-8').acceptanceCriteria = [
            'Given a null value, when written, then the cell is empty',
            'WHEN the endpoint answers 500 THEN a toast offers Retry',
            '- Verify the header row',
            '2. Export, then re-import the file',
          ];
        }),
      );
      expect(hits(fine, 'verb-first-criteria')).toEqual([]);
    });

    it('effort-format: a malformed effort is an error (and not judged by the size rules)', () => {
      const report = validate(mutated((get) => (get('FG-4').estimatedEffort = '2 hours')));
      expect(hits(report, 'effort-format')).toEqual([['error', 'FG-4', '2 hours']]);
      expect(hits(report, 'task-effort-range')).toEqual([]);
    });

    it('at-least-one-file: a task with no (non-blank) file is an error; parents need none', () => {
      const report = validate(
        mutated((get) => {
          get('FG-4').files = [];
          get('FG-8').files = [' '];
          get('FG-2').files = [];
        }),
      );
      expect(hits(report, 'at-least-one-file')).toEqual([
        ['error', 'FG-4', undefined],
        ['error', 'FG-8', undefined],
      ]);
    });

    it('title-format: a title without a [Component] prefix is an error', () => {
      const report = validate(
        mutated((get) => {
          get('FG-3').title = 'Export the current report as CSV';
          get('FG-6').title = '[ ] Backend';
          get('FG-7').title = '[Reports API]';
        }),
      );
      expect(hits(report, 'title-format')).toEqual([
        ['error', 'FG-3', undefined],
        ['error', 'FG-6', undefined],
        ['error', 'FG-7', undefined],
      ]);
    });

    it('unique-keys: a key used twice is one error on that key', () => {
      const report = validate(mutated((get) => (get('FG-4').key = 'FG-3')));
      expect(hits(report, 'unique-keys')).toEqual([['error', 'FG-3', undefined]]);
      expect(report.findings.find((f) => f.rule === 'unique-keys')?.message).toContain('2 tickets');
    });

    it('hierarchy: issues sit under epics, tasks under issues, epics at the root', () => {
      const report = validate(
        mutated((get) => {
          get('FG-6').parentKey = 'FG-2'; // issue under an issue
          get('FG-4').parentKey = 'FG-1'; // task under the epic
          get('FG-8').parentKey = 'FG-7'; // task under a task
        }),
      );
      expect(hits(report, 'hierarchy')).toEqual([
        ['error', 'FG-4', 'FG-1'],
        ['error', 'FG-6', 'FG-2'],
        ['error', 'FG-8', 'FG-7'],
      ]);
    });

    it('hierarchy: a plan without an epic, or an epic with a parent, is an error', () => {
      const noEpic = validate(mutated((get) => (get('FG-1').level = 'issue')));
      expect(hits(noEpic, 'hierarchy')[0]).toEqual(['error', undefined, undefined]);

      const nested = validate(
        mutated((get, tickets) => {
          tickets.push({ ...get('FG-1'), key: 'FG-11' });
          get('FG-11').parentKey = 'FG-1';
        }),
      );
      expect(hits(nested, 'hierarchy')).toEqual([['error', 'FG-11', 'FG-1']]);
    });

    it('hierarchy: several root epics are accepted', () => {
      const report = validate(
        mutated((get, tickets) => {
          tickets.push({ ...get('FG-1'), key: 'FG-11' });
          get('FG-6').parentKey = 'FG-11';
        }),
      );
      expect(report.findings).toEqual([]);
    });
  });

  describe('DAG', () => {
    it('dag-cycle: reports the loop through its lowest key, once', () => {
      // FG-3 ← FG-7 ← FG-8 already; FG-3 waiting for FG-8 closes the loop.
      const report = validate(mutated((get) => get('FG-3').blockedBy.push('FG-8')));
      expect(hits(report, 'dag-cycle')).toEqual([['error', 'FG-3', 'FG-3,FG-8,FG-7']]);
      expect(report.dag.cycles).toEqual([['FG-3', 'FG-8', 'FG-7']]);
      expect(report.valid).toBe(false);
    });

    it('dag-cycle: two separate knots are two cycles, sorted by first key', () => {
      const report = validate(
        mutated((get) => {
          get('FG-9').blockedBy.push('FG-10');
          get('FG-3').blockedBy.push('FG-4');
        }),
      );
      expect(report.dag.cycles).toEqual([
        ['FG-3', 'FG-4'],
        ['FG-9', 'FG-10'],
      ]);
      expect(hits(report, 'dag-cycle').map(([severity, key]) => [severity, key])).toEqual([
        ['error', 'FG-3'],
        ['error', 'FG-9'],
      ]);
    });

    it('dag-dangling-link: a blocker that does not exist is an error and a dangling link', () => {
      const report = validate(mutated((get) => get('FG-4').blockedBy.push('FG-99')));
      expect(hits(report, 'dag-dangling-link')).toEqual([['error', 'FG-4', 'FG-99']]);
      expect(report.dag.danglingLinks).toEqual([{ from: 'FG-4', to: 'FG-99' }]);
    });

    it('dag-self-link: a ticket blocked by itself is an error, not also a cycle', () => {
      const report = validate(mutated((get) => get('FG-4').blockedBy.push('FG-4')));
      expect(hits(report, 'dag-self-link')).toEqual([['error', 'FG-4', 'FG-4']]);
      expect(report.dag.cycles).toEqual([]);
    });

    it('dag-orphan: an issue or task with no parent, or a parent not in the plan, is an error', () => {
      const report = validate(
        mutated((get) => {
          get('FG-4').parentKey = null;
          get('FG-6').parentKey = 'FG-77';
        }),
      );
      expect(hits(report, 'dag-orphan')).toEqual([
        ['error', 'FG-4', undefined],
        ['error', 'FG-6', 'FG-77'],
      ]);
      expect(report.dag.orphans).toEqual(['FG-4', 'FG-6']);
      // The missing parent is the orphan rule's finding, not also a hierarchy one.
      expect(hits(report, 'hierarchy')).toEqual([]);
    });
  });

  describe('coverage', () => {
    const uncover = (id: string) =>
      mutated((_get, tickets) => tickets.forEach((t) => (t.covers = t.covers.filter((c) => c !== id))));

    it('fr-uncovered: an uncovered MUST is an error, with an empty traceability row', () => {
      const report = validate(uncover('FR-003'));
      expect(hits(report, 'fr-uncovered')).toEqual([['error', undefined, 'FR-003']]);
      expect(report.traceability).toEqual([
        { requirementId: 'FR-001', ticketKeys: ['FG-3', 'FG-5'] },
        { requirementId: 'FR-002', ticketKeys: ['FG-7', 'FG-9'] },
        { requirementId: 'FR-003', ticketKeys: [] },
        { requirementId: 'FR-004', ticketKeys: ['FG-4', 'FG-5'] },
      ]);
    });

    it.each([
      ['FR-002', 'SHOULD'],
      ['FR-004', 'MAY'],
    ])('fr-uncovered: an uncovered %s (%s) is a warning', (id) => {
      expect(hits(validate(uncover(id)), 'fr-uncovered')).toEqual([['warning', undefined, id]]);
    });

    it('fr-uncovered: an FR claimed only by an issue or the epic is not covered', () => {
      const tickets = mutated((_get, all) => {
        for (const t of all) if (t.level === 'task') t.covers = t.covers.filter((c) => c !== 'FR-001');
      });
      expect(hits(validate(tickets), 'fr-uncovered')).toEqual([['error', undefined, 'FR-001']]);
    });
  });

  describe('parallel-file-conflict', () => {
    it('flags two tasks that share a file with no blockedBy path between them', () => {
      const report = validate(mutated((get) => (get('FG-8').blockedBy = [])));
      expect(hits(report, 'parallel-file-conflict')).toEqual([['warning', 'FG-7', CSV_WRITER]]);
      expect(report.fileConflicts).toEqual([{ file: CSV_WRITER, ticketKeys: ['FG-7', 'FG-8'] }]);
      expect(report.valid).toBe(true);
    });

    it('lists every task of an unordered file once, sorted, and matches path spellings', () => {
      const report = validate(mutated((get) => get('FG-4').files.push(`./${CSV_WRITER}`)));
      // FG-7 and FG-8 are ordered, but FG-4 is ordered with neither.
      expect(report.fileConflicts).toEqual([{ file: CSV_WRITER, ticketKeys: ['FG-4', 'FG-7', 'FG-8'] }]);
      expect(hits(report, 'parallel-file-conflict')).toEqual([['warning', 'FG-4', CSV_WRITER]]);
    });

    it('accepts a shared file when one task waits for the other, directly or transitively', () => {
      // Direct: FG-8 ← FG-7. Transitive: FG-10 shares ReportsPage.tsx with FG-3 via FG-4.
      expect(validate(base.tickets).fileConflicts).toEqual([]);
      const direct = validate(
        mutated((get) => {
          get('FG-8').blockedBy = [];
          get('FG-7').blockedBy.push('FG-8'); // the other direction orders them too
        }),
      );
      expect(direct.fileConflicts).toEqual([]);
    });

    it('accepts a shared file when a task waits for the issue holding the other task', () => {
      const report = validate(
        mutated((get) => {
          get('FG-4').files.push(CSV_WRITER);
          get('FG-4').blockedBy.push('FG-6'); // FG-6 cannot be done before FG-7 and FG-8
        }),
      );
      expect(report.fileConflicts).toEqual([]);
      expect(hits(report, 'parallel-file-conflict')).toEqual([]);
    });
  });

  describe('size', () => {
    it.each([
      ['1h', 'warning'],
      ['1.5h', 'warning'],
      ['9h', 'warning'],
      ['2d', 'warning'],
      ['0.5h', 'error'],
      ['0h', 'error'],
      ['17h', 'error'],
      ['3d', 'error'],
    ])('task-effort-range: a task of %s gives a finding of severity %s', (effort, severity) => {
      const report = validate(mutated((get) => (get('FG-4').estimatedEffort = effort)));
      expect(hits(report, 'task-effort-range')).toEqual([[severity, 'FG-4', effort]]);
    });

    it.each(['2h', '8h', '1d', '0.25d'])('task-effort-range: a task of %s is fine', (effort) => {
      const report = validate(mutated((get) => (get('FG-4').estimatedEffort = effort)));
      expect(hits(report, 'task-effort-range')).toEqual([]);
    });

    it('absurd-effort: an epic or issue beyond 200 days is an error; 200 days is not', () => {
      const report = validate(
        mutated((get) => {
          get('FG-1').estimatedEffort = '201d';
          get('FG-2').estimatedEffort = '1601h';
          get('FG-6').estimatedEffort = '200d';
        }),
      );
      expect(hits(report, 'absurd-effort')).toEqual([
        ['error', 'FG-1', '201d'],
        ['error', 'FG-2', '1601h'],
      ]);
    });
  });
});
