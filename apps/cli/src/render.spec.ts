import type { TicketNode, TicketsResponse, ValidationReport } from '@flowguard/contracts';
import { renderTickets, renderValidation, table } from './render';

const ticket = (key: string, level: TicketNode['level'], extra: Partial<TicketNode> = {}): TicketNode => ({
  key,
  level,
  kind: 'feature',
  parentKey: null,
  title: `[Billing] ${key}`,
  description: 'd',
  acceptanceCriteria: ['Do it'],
  implementationSteps: [],
  files: ['src/a.ts'],
  estimatedEffort: '4h',
  priority: 'P1',
  tags: [],
  blockedBy: [],
  covers: [],
  specRef: 'spec:00000000-0000-0000-0000-000000000000',
  status: 'open',
  ...extra,
});

const report = (over: Partial<ValidationReport> = {}): ValidationReport => ({
  schemaVersion: 1,
  valid: true,
  errors: 0,
  warnings: 0,
  findings: [],
  traceability: [],
  fileConflicts: [],
  dag: { cycles: [], danglingLinks: [], orphans: [] },
  ...over,
});

describe('render', () => {
  it('pads columns but never the last one', () => {
    expect(
      table([
        ['a', 'bb', 'c'],
        ['ccc', 'd', 'e'],
      ]),
    ).toBe('a    bb  c\nccc  d   e');
  });

  it('indents the tree by level and shortens long blocked-by lists', () => {
    const res = {
      version: 2,
      total: 3,
      tickets: [
        ticket('FG-1', 'epic', {
          children: [
            ticket('FG-2', 'issue', {
              children: [ticket('FG-3', 'task', { blockedBy: ['FG-4', 'FG-5', 'FG-6', 'FG-7', 'FG-8'] })],
            }),
          ],
        }),
      ],
    } as unknown as TicketsResponse;
    const lines = renderTickets(res).split('\n');
    expect(lines[0]).toMatch(/^KEY\s+LEVEL\s+PRI\s+EFFORT\s+BLOCKED BY\s+TITLE$/);
    expect(lines[1]).toMatch(/^FG-1 +epic +P1 +4h +- +\[Billing\] FG-1$/);
    expect(lines[2]).toMatch(/^ {2}FG-2 +issue/);
    expect(lines[3]).toMatch(/^ {4}FG-3 +task +P1 +4h +FG-4,FG-5,FG-6 \+2 +\[Billing\] FG-3$/);
    expect(lines.at(-1)).toBe('3 tickets (1 epic, 1 issue, 1 task), plan version 2');
  });

  it('summarises validation with errors before warnings', () => {
    const text = renderValidation(
      report({
        valid: false,
        errors: 1,
        warnings: 1,
        findings: [
          { rule: 'verb-first', severity: 'warning', message: 'w' },
          { rule: 'dag-cycle', severity: 'error', message: 'e', ticketKey: 'FG-3' },
        ],
        traceability: [
          { requirementId: 'FR-001', ticketKeys: ['FG-3'] },
          { requirementId: 'FR-002', ticketKeys: [] },
        ],
      }),
    );
    expect(text.split('\n')).toEqual([
      'validation: INVALID — 1 error, 1 warning',
      '  error   dag-cycle FG-3: e',
      '  warning verb-first: w',
      '  requirements covered: 1/2',
    ]);
  });
});
