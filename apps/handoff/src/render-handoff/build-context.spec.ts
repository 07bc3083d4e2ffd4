import { CodebaseContext, Spec, TicketSet, type Ticket } from '@flowguard/contracts';
import { buildHandoffContext, type BuildHandoffContextInput } from './build-context';
import { MAX_CODEBASE_FILES, MAX_SYMBOLS_PER_FILE } from './codebase-vars';

const SPEC_ID = '11111111-1111-4111-8111-111111111111';
const OTHER_SPEC_ID = '22222222-2222-4222-8222-222222222222';
const WORKFLOW_ID = '33333333-3333-4333-8333-333333333333';
const TENANT_ID = '44444444-4444-4444-8444-444444444444';
const provider = { provider: 'offline', model: 'rules', promptId: 'test', promptVersion: 1 };

const spec = Spec.parse({
  schemaVersion: 1,
  id: SPEC_ID,
  tenantId: TENANT_ID,
  workflowId: WORKFLOW_ID,
  version: 2,
  content: {
    title: 'CSV export',
    overview: 'Export reports as CSV.',
    goals: ['Users download reports'],
    nonGoals: [],
    functionalRequirements: [
      {
        id: 'FR-001',
        title: 'Download',
        statement: 'The system MUST offer a CSV download.',
        level: 'MUST',
        scenarios: [{ given: 'a report', when: 'I export', then: 'I get a CSV' }],
      },
    ],
    nonFunctionalRequirements: [],
    technicalPlan: {
      architectureNotes: 'A writer module.',
      fileChanges: [{ path: 'src/csv.ts', action: 'create', description: 'The writer' }],
      dependencies: ['csv-stringify', 'zod'],
      dataModel: '',
    },
    phases: [{ name: 'One', deliverables: ['Writer'], successCriteria: { automated: ['tests'], manual: [] } }],
    testingStrategy: 'Unit tests.',
    risks: [],
    rollbackPlan: 'Revert.',
    openQuestions: [],
    assumptions: [],
  },
  generatedBy: provider,
  createdAt: '2026-01-01T00:00:00.000Z',
});

type Draft = Pick<Ticket, 'key' | 'level' | 'parentKey'> & Partial<Ticket>;
const ticket = (t: Draft): Ticket => ({
  kind: 'feature',
  title: `[Export] Ticket ${t.key}`,
  description: `Do ${t.key}.`,
  acceptanceCriteria: [`Verify ${t.key}`],
  implementationSteps: [],
  files: ['src/csv.ts'],
  estimatedEffort: '4h',
  priority: 'P1',
  tags: [],
  blockedBy: [],
  covers: ['FR-001'],
  specRef: `spec:${SPEC_ID}`,
  status: 'open',
  ...t,
});

/**
 *   FG-1 epic                      FG-20 epic (tickets of another spec)
 *     FG-2 issue                     FG-21 issue
 *       FG-3 task ← FG-10              FG-22 task
 *       FG-4 task ← FG-3
 *       FG-10 task
 *     FG-5 issue ← FG-2 (so FG-6 and FG-7 wait for every task of FG-2)
 *       FG-6 task
 *       FG-7 task ← FG-6
 */
const ticketSet = TicketSet.parse({
  schemaVersion: 1,
  id: '55555555-5555-4555-8555-555555555555',
  tenantId: TENANT_ID,
  workflowId: WORKFLOW_ID,
  specId: SPEC_ID,
  version: 1,
  generatedBy: provider,
  createdAt: '2026-01-01T00:00:00.000Z',
  tickets: [
    ticket({ key: 'FG-7', level: 'task', parentKey: 'FG-5', blockedBy: ['FG-6'], estimatedEffort: '1d' }),
    ticket({ key: 'FG-1', level: 'epic', parentKey: null, title: '[Export] CSV export epic' }),
    ticket({ key: 'FG-2', level: 'issue', parentKey: 'FG-1' }),
    ticket({ key: 'FG-3', level: 'task', parentKey: 'FG-2', blockedBy: ['FG-10'] }),
    ticket({ key: 'FG-4', level: 'task', parentKey: 'FG-2', blockedBy: ['FG-3'] }),
    ticket({ key: 'FG-10', level: 'task', parentKey: 'FG-2' }),
    ticket({ key: 'FG-5', level: 'issue', parentKey: 'FG-1', blockedBy: ['FG-2'] }),
    ticket({ key: 'FG-6', level: 'task', parentKey: 'FG-5' }),
    ticket({ key: 'FG-20', level: 'epic', parentKey: null, title: '[Other] Other epic' }),
    ticket({ key: 'FG-21', level: 'issue', parentKey: 'FG-20' }),
    ticket({ key: 'FG-22', level: 'task', parentKey: 'FG-21', specRef: `spec:${OTHER_SPEC_ID}` }),
  ],
});

const input = (over: Partial<BuildHandoffContextInput> = {}): BuildHandoffContextInput => ({
  spec,
  specMarkdown: '---\nid: "x"\nversion: 2\n---\n\n# CSV export\n\nBody.\n',
  ticketSet,
  ticketMarkdown: { 'FG-3': '---\nkey: FG-3\nstatus: open\n---\n# [FG-3] Ticket\n\nDo it.\n' },
  codebase: null,
  agentType: 'claude',
  author: 'Ada',
  timestamp: '2026-02-03T04:05:06.000Z',
  ...over,
});

const keys = (over: Partial<BuildHandoffContextInput> = {}): string[] =>
  buildHandoffContext(input(over)).tickets.map((t) => t.key);

describe('buildHandoffContext: tickets', () => {
  it('lists every task of the workflow in dependency order, free tasks in natural key order', () => {
    expect(keys()).toEqual(['FG-10', 'FG-3', 'FG-4', 'FG-6', 'FG-7', 'FG-22']);
  });

  it('places each task after its own blockers and after the tasks of its ancestors blockers', () => {
    const order = keys();
    const byKey = new Map(ticketSet.tickets.map((t) => [t.key, t]));
    for (const key of order) {
      for (const blocker of byKey.get(key)?.blockedBy ?? []) {
        if (order.includes(blocker)) expect(order.indexOf(blocker)).toBeLessThan(order.indexOf(key));
      }
    }
    for (const late of ['FG-6', 'FG-7']) {
      for (const early of ['FG-3', 'FG-4', 'FG-10']) expect(order.indexOf(early)).toBeLessThan(order.indexOf(late));
    }
  });

  it('does not depend on the order of the tickets in the set', () => {
    const reversed = { ...ticketSet, tickets: [...ticketSet.tickets].reverse() };
    expect(keys({ ticketSet: reversed })).toEqual(keys());
  });

  it('fills each ticket variable, with the current status and the markdown without front matter', () => {
    const ctx = buildHandoffContext(input({ statuses: { 'FG-3': 'in_progress' } }));
    expect(ctx.tickets.find((t) => t.key === 'FG-3')).toEqual({
      key: 'FG-3',
      title: '[Export] Ticket FG-3',
      level: 'task',
      kind: 'feature',
      priority: 'P1',
      estimatedEffort: '4h',
      status: 'in_progress',
      blockedBy: ['FG-10'],
      files: ['src/csv.ts'],
      acceptanceCriteria: ['Verify FG-3'],
      content: '# [FG-3] Ticket\n\nDo it.\n',
    });
    // No markdown for FG-4: its description stands in.
    expect(ctx.tickets.find((t) => t.key === 'FG-4')).toMatchObject({ status: 'open', content: 'Do FG-4.' });
  });

  it('names the spec for the epic when the tasks span several epics', () => {
    const ctx = buildHandoffContext(input());
    expect([ctx.epicTitle, ctx.epicId]).toEqual(['CSV export', 'FG-1, FG-20']);
  });

  it('fills the scalar and spec variables', () => {
    const ctx = buildHandoffContext(input());
    expect(ctx).toMatchObject({
      timestamp: '2026-02-03T04:05:06.000Z',
      author: 'Ada',
      agentType: 'claude',
      workflowId: WORKFLOW_ID,
      specs: [{ id: SPEC_ID, title: 'CSV export', version: 2, content: '# CSV export\n\nBody.\n' }],
      dependencies: ['csv-stringify', 'zod'],
    });
  });
});

describe('buildHandoffContext: selection', () => {
  it('an issue key selects the tasks beneath it, and their epic names the handoff', () => {
    const ctx = buildHandoffContext(input({ selection: { ticketKeys: ['FG-5'] } }));
    expect(ctx.tickets.map((t) => t.key)).toEqual(['FG-6', 'FG-7']);
    expect([ctx.epicTitle, ctx.epicId]).toEqual(['[Export] CSV export epic', 'FG-1']);
  });

  it('task keys select themselves and keep the dependency order, whatever order they are given in', () => {
    expect(keys({ selection: { ticketKeys: ['FG-4', 'FG-3', 'FG-10'] } })).toEqual(['FG-10', 'FG-3', 'FG-4']);
  });

  it('an epic key selects its whole subtree; unknown keys select nothing', () => {
    expect(keys({ selection: { ticketKeys: ['FG-20', 'FG-99'] } })).toEqual(['FG-22']);
    const none = buildHandoffContext(input({ selection: { ticketKeys: ['FG-99'] } }));
    expect([none.tickets, none.epicTitle, none.epicId]).toEqual([[], 'CSV export', '']);
  });

  it('specIds keep only their specs and the tickets that reference them', () => {
    expect(keys({ selection: { specIds: [SPEC_ID] } })).toEqual(['FG-10', 'FG-3', 'FG-4', 'FG-6', 'FG-7']);
    const other = buildHandoffContext(input({ selection: { specIds: [OTHER_SPEC_ID] } }));
    expect(other.specs).toEqual([]);
    expect(other.tickets.map((t) => t.key)).toEqual(['FG-22']);
  });

  it('both filters apply together', () => {
    expect(keys({ selection: { specIds: [OTHER_SPEC_ID], ticketKeys: ['FG-2'] } })).toEqual([]);
  });
});

describe('buildHandoffContext: codebase', () => {
  it('without a codebase the variables are empty, not missing', () => {
    expect(buildHandoffContext(input())).toMatchObject({
      codebaseContext: '',
      totalFiles: 0,
      totalLines: 0,
      languages: [],
      codebaseFiles: [],
    });
  });

  it('totals every file, sorts languages by lines and files by path, and caps the listing', () => {
    const many = Array.from({ length: 250 }, (_, i) => ({
      path: `src/m${String(249 - i).padStart(3, '0')}.ts`,
      language: (249 - i) % 2 === 0 ? 'TypeScript' : 'typescript', // m000 (first by path) spells it TypeScript
      loc: 10,
      symbols: Array.from({ length: 25 }, (_, s) => `s${s}`),
    }));
    const codebase = CodebaseContext.parse({
      summary: '  A NestJS monorepo.  ',
      files: [
        ...many,
        { path: 'README.md', language: 'Markdown', loc: 3000 },
        { path: 'a.py', language: 'Python', loc: 40 },
        { path: 'README.md', language: 'Markdown', loc: 9999 }, // a duplicate: the first wins
        { path: 'LICENSE' },
      ],
      dependencies: ['zod', '@nestjs/core'],
    });
    const ctx = buildHandoffContext(input({ codebase }));
    expect(ctx.totalFiles).toBe(253);
    expect(ctx.totalLines).toBe(250 * 10 + 3000 + 40);
    expect(ctx.languages).toEqual(['Markdown', 'TypeScript', 'Python']);
    expect(ctx.codebaseFiles).toHaveLength(MAX_CODEBASE_FILES);
    const paths = ctx.codebaseFiles.map((f) => f.path);
    expect(paths.slice(0, 3)).toEqual(['LICENSE', 'README.md', 'a.py']);
    expect(paths).toEqual([...paths].sort());
    expect(ctx.codebaseFiles[0]).toEqual({ path: 'LICENSE', language: '', loc: 0, symbols: [] });
    expect(ctx.codebaseFiles[3]?.symbols).toHaveLength(MAX_SYMBOLS_PER_FILE);
    expect(ctx.codebaseContext).toBe(
      'A NestJS monorepo.\n\nThe file list shows the first 200 of 253 files by path; the totals count all of them.' +
        '\n\nSymbols are listed up to 20 per file.',
    );
    expect(ctx.dependencies).toEqual(['csv-stringify', 'zod', '@nestjs/core']);
  });

  it('states no cap when nothing is capped', () => {
    const codebase = CodebaseContext.parse({ files: [{ path: 'a.ts', language: 'TypeScript', loc: 5 }] });
    expect(buildHandoffContext(input({ codebase })).codebaseContext).toBe('');
  });
});
