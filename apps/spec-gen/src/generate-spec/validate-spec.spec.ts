import { SpecContent, type SpecInput } from '@flowguard/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSpecOffline } from './offline-spec';
import { validateSpec } from './validate-spec';

const goal = readFileSync(join(__dirname, '../../../../test/fixtures/prds/csv-export.md'), 'utf8');

const input: SpecInput = {
  goal,
  restated: {
    goal: 'Add CSV export of the current report to the Reports page.',
    scope: 'One export action and one API endpoint.',
    context: 'TypeScript/React frontend and Node API.',
  },
  complexity: 'medium',
  answers: [],
  assumptions: [],
  codebaseContext: null,
};

/** A fresh deep copy of a valid spec for each case to break. */
const base = generateSpecOffline(input);
const valid = (): SpecContent => structuredClone(base);

/** Bypasses the type for shapes a model may send but the type forbids. */
const broken = (mutate: (c: Record<string, unknown> & SpecContent) => void): SpecContent => {
  const c = valid() as Record<string, unknown> & SpecContent;
  mutate(c);
  return c;
};

describe('validateSpec', () => {
  it('passes the offline planner output, with at least two FRs to make the rules meaningful', () => {
    expect(base.functionalRequirements.length).toBeGreaterThanOrEqual(2);
    expect(SpecContent.safeParse(base).success).toBe(true);
    expect(validateSpec(base)).toEqual([]);
  });

  describe('unique functional requirement ids', () => {
    it('passes distinct ids', () => {
      const c = valid();
      c.functionalRequirements = c.functionalRequirements.map((fr, i) => ({
        ...fr,
        id: `FR-${String(900 + i).padStart(3, '0')}`,
      }));
      expect(validateSpec(c)).toEqual([]);
    });

    it('names a duplicated id and how often it is used, once', () => {
      const c = valid();
      const [first, second] = c.functionalRequirements;
      c.functionalRequirements = [first!, { ...second!, id: first!.id }, { ...second!, id: first!.id }];
      expect(validateSpec(c)).toEqual([`functional requirement id ${first!.id} is used 3 times`]);
    });

    it('counts a missing id as a problem', () => {
      const c = broken((s) => {
        (s.functionalRequirements[0] as { id: unknown }).id = '  ';
      });
      expect(validateSpec(c)).toEqual(['1 functional requirement(s) have no id']);
    });
  });

  describe('a scenario per functional requirement', () => {
    it('passes several scenarios on one FR', () => {
      const c = valid();
      const fr = c.functionalRequirements[0]!;
      fr.scenarios = [...fr.scenarios, { given: 'a report', when: 'I export it twice', then: 'two files download' }];
      expect(validateSpec(c)).toEqual([]);
    });

    it('names an FR with no scenario', () => {
      const c = valid();
      const fr = c.functionalRequirements[1]!;
      fr.scenarios = [];
      expect(validateSpec(c)).toEqual([`${fr.id} has no acceptance scenario`]);
    });

    it('names an FR whose scenarios are missing altogether, or whose scenario has blank parts', () => {
      const c = broken((s) => {
        delete (s.functionalRequirements[0] as Partial<SpecContent['functionalRequirements'][number]>).scenarios;
        s.functionalRequirements[1]!.scenarios = [{ given: 'a report', when: ' ', then: '' }];
      });
      const [a, b] = c.functionalRequirements;
      expect(validateSpec(c)).toEqual([
        `${a!.id} has no acceptance scenario`,
        `${b!.id} scenario 1 has an empty when, then`,
      ]);
    });
  });

  describe('file changes with path and action', () => {
    it('passes every action', () => {
      const c = valid();
      c.technicalPlan.fileChanges = (['create', 'modify', 'delete'] as const).map((action, i) => ({
        path: `src/file-${i}.ts`,
        action,
        description: `Serves FR-001 (${action}).`,
      }));
      expect(validateSpec(c)).toEqual([]);
    });

    it('names a file change with a blank path and one with an unknown or missing action', () => {
      const c = broken((s) => {
        s.technicalPlan.fileChanges = [
          { path: '   ', action: 'create', description: 'x' },
          { path: 'src/a.ts', action: 'rename' as 'create', description: 'x' },
          { path: 'src/b.ts', description: 'x' } as SpecContent['technicalPlan']['fileChanges'][number],
        ];
      });
      expect(validateSpec(c)).toEqual([
        'file change 1 has no path',
        'file change 2 (src/a.ts) has action "rename"; expected create, modify or delete',
        'file change 3 (src/b.ts) has action null; expected create, modify or delete',
      ]);
    });
  });

  describe('required sections', () => {
    it('passes empty optional sections (non-goals, NFRs, risks, open questions, dependencies)', () => {
      const c = valid();
      Object.assign(c, { nonGoals: [], nonFunctionalRequirements: [], risks: [], openQuestions: [], assumptions: [] });
      c.technicalPlan.dependencies = [];
      expect(validateSpec(c)).toEqual([]);
    });

    it('names every empty or whitespace-only required section', () => {
      const c = broken((s) => {
        s.title = ' ';
        s.overview = '';
        s.goals = ['  '];
        s.testingStrategy = '\n';
        s.rollbackPlan = '';
        s.phases = [];
        s.technicalPlan.architectureNotes = '';
      });
      expect(validateSpec(c)).toEqual([
        'title is empty',
        'overview is empty',
        'technicalPlan.architectureNotes is empty',
        'testingStrategy is empty',
        'rollbackPlan is empty',
        'goals is empty',
        'phases is empty',
      ]);
    });

    it('names missing FRs and file changes without crashing on the rules that read them', () => {
      const c = broken((s) => {
        s.functionalRequirements = [];
        delete (s.technicalPlan as Partial<SpecContent['technicalPlan']>).fileChanges;
      });
      expect(validateSpec(c)).toEqual(['functionalRequirements is empty', 'technicalPlan.fileChanges is empty']);
    });
  });
});
