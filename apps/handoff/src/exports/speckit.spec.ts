import { craftPlan, ticket } from '../../test/fixtures/plans';
import { exportWorkflow } from './export-workflow';

/**
 * Spec Kit's [P] promises "different files, no dependencies" inside a phase; an agent that
 * trusts a wrong [P] runs two tasks at once and they collide, so each rule has its own case.
 */
const plan = craftPlan([
  ticket('FG-1', null),
  // Two independent tasks on different files.
  ticket('FG-2', 'FG-1'),
  ticket('FG-3', 'FG-2', { files: ['src/a.ts'], covers: ['FR-003', 'FR-002'] }),
  ticket('FG-4', 'FG-2', { files: ['src/b.ts'] }),
  // Two tasks sharing a file.
  ticket('FG-5', 'FG-1'),
  ticket('FG-6', 'FG-5', { files: ['src/c.ts', 'src/c2.ts'], covers: ['FR-001'] }),
  ticket('FG-7', 'FG-5', { files: ['src/c.ts'] }),
  // A dependent pair on different files.
  ticket('FG-8', 'FG-1'),
  ticket('FG-9', 'FG-8', { files: ['src/d.ts'] }),
  ticket('FG-10', 'FG-8', { files: ['src/e.ts'], blockedBy: ['FG-9'] }),
  // Linked only through a task of another phase: FG-12 → FG-15 → FG-13.
  ticket('FG-11', 'FG-1'),
  ticket('FG-12', 'FG-11', { files: ['src/f.ts'] }),
  ticket('FG-13', 'FG-11', { files: ['src/g.ts'], blockedBy: ['FG-15'] }),
  ticket('FG-14', 'FG-1'),
  ticket('FG-15', 'FG-14', { files: ['src/h.ts'], blockedBy: ['FG-12'] }),
]);

const md = exportWorkflow(plan).find((f) => f.path === 'speckit/tasks.md')?.content ?? '';
const line = (key: string): string => md.split('\n').find((l) => l.endsWith(`(${key})`)) ?? '';

describe('Spec Kit tasks.md', () => {
  it('marks two independent tasks on different files [P]', () => {
    expect(line('FG-3')).toBe('- [ ] T001 [P] [US2] Work item FG-3 in src/a.ts (FG-3)');
    expect(line('FG-4')).toBe('- [ ] T002 [P] Work item FG-4 in src/b.ts (FG-4)');
  });

  it('does not mark two tasks that share a file', () => {
    expect(line('FG-6')).toBe('- [ ] T003 [US1] Work item FG-6 in src/c.ts, src/c2.ts (FG-6)');
    expect(line('FG-7')).toBe('- [ ] T004 Work item FG-7 in src/c.ts (FG-7)');
  });

  it('does not mark a dependent pair', () => {
    expect(line('FG-9')).not.toContain('[P]');
    expect(line('FG-10')).not.toContain('[P]');
    expect(md).toContain('- T006 depends on T005');
  });

  it('does not mark tasks linked through another phase, nor the only task of a phase', () => {
    for (const key of ['FG-12', 'FG-13', 'FG-15']) expect(line(key)).not.toContain('[P]');
    expect(md).toContain('Cycle between groups broken');
  });

  it('lists phases in order with the Spec Kit header and sections', () => {
    expect([...md.matchAll(/^## Phase (\d+): (.*)$/gm)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      '1 [Component] Work item FG-2',
      '2 [Component] Work item FG-5',
      '3 [Component] Work item FG-8',
      '4 [Component] Work item FG-11',
      '5 [Component] Work item FG-14',
    ]);
    expect(md).toMatch(/^# Tasks: /m);
    expect(md).toContain('## Format: `[ID] [P?] [Story] Description`');
    expect(md).toContain('- **US1** = FR-001 (MUST): ');
    expect(md).toContain('- **Phase 3 (FG-8)**: No dependencies - can start immediately');
    expect(md).toContain('- Phase 1: T001, T002 can run in parallel');
    expect(md).toContain('- Phase 2: run in order');
  });
});
