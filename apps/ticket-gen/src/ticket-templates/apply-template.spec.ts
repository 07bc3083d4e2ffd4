import type { TicketDraft } from '@flowguard/contracts';
import { FIXTURE_SPEC_ID } from '../../test/fixtures/specs';
import { applyTemplate, missingCriteria, missingSections } from './apply-template';
import { BUILTIN_TEMPLATES, builtinTemplate } from './ticket-template';
import { splitDescription } from './ticket-sections';

const draft = (over: Partial<TicketDraft> = {}): TicketDraft => ({
  key: 'FG-7',
  level: 'task',
  kind: 'feature',
  parentKey: 'FG-2',
  title: '[Reports API] Stream large report exports',
  description:
    'Exports over 50k rows time out. The endpoint must stream rows.\n\nFiles:\n- api/src/reports/reports.controller.ts',
  acceptanceCriteria: ['GIVEN 100k rows WHEN exported THEN the download starts within 2 s (FR-002)'],
  implementationSteps: ['Stream rows from the service with a cursor'],
  files: ['api/src/reports/reports.controller.ts'],
  estimatedEffort: '4h',
  priority: 'P1',
  tags: ['reports-api'],
  blockedBy: [],
  covers: ['FR-002'],
  specRef: `spec:${FIXTURE_SPEC_ID}`,
  ...over,
});

describe('built-in templates', () => {
  it('has one per kind, each requiring description, criteria and steps', () => {
    expect(BUILTIN_TEMPLATES.map((t) => t.kind)).toEqual(['feature', 'bugfix', 'refactor', 'test', 'documentation']);
    for (const t of BUILTIN_TEMPLATES) {
      expect(t.requiredSections).toEqual(
        expect.arrayContaining(['description', 'acceptanceCriteria', 'implementationSteps']),
      );
    }
  });

  it('feature: the base set, nothing added to a conforming ticket', () => {
    const t = draft();
    expect(missingSections(t, builtinTemplate('feature'))).toEqual([]);
    expect(applyTemplate(t, builtinTemplate('feature'))).toEqual(t);
  });

  it('bugfix: adds reproduction steps derived from the description and a regression test criterion', () => {
    const t = draft({ kind: 'bugfix' });
    const template = builtinTemplate('bugfix');
    expect(missingSections(t, template)).toEqual(['reproductionSteps']);
    expect(missingCriteria(t, template)).toHaveLength(1);
    const out = applyTemplate(t, template);
    const repro = splitDescription(out.description).sections.get('reproductionSteps');
    expect(repro).toContain('Set up the situation described above: Exports over 50k rows time out.');
    expect(out.acceptanceCriteria.at(-1)).toMatch(/^Add a regression test/);
    expect(missingSections(out, template)).toEqual([]);
    expect(missingCriteria(out, template)).toEqual([]);
  });

  it('bugfix: keeps reproduction steps the ticket already has', () => {
    const description = 'Export fails.\n\nReproduction steps:\n1. Open a 60k-row report\n2. Click Export CSV';
    const out = applyTemplate(draft({ kind: 'bugfix', description }), builtinTemplate('bugfix'));
    expect(out.description).toBe(description);
  });

  it('refactor: requires a rollback plan and the behaviour-unchanged criterion', () => {
    const out = applyTemplate(draft({ kind: 'refactor' }), builtinTemplate('refactor'));
    expect(splitDescription(out.description).sections.get('rollback')).toContain(
      'api/src/reports/reports.controller.ts',
    );
    expect(out.acceptanceCriteria).toContain('Keep behaviour unchanged: the existing tests pass without modification');
    expect(missingSections(out, builtinTemplate('refactor'))).toEqual([]);
  });

  it('test: adds a test plan covering each of the ticket criteria', () => {
    const t = draft({ kind: 'test' });
    const out = applyTemplate(t, builtinTemplate('test'));
    const plan = splitDescription(out.description).sections.get('testPlan') ?? '';
    expect(plan).toContain(`- Cover: ${t.acceptanceCriteria[0]}`);
    expect(plan).not.toContain('Run the new tests in CI');
    expect(missingSections(out, builtinTemplate('test'))).toEqual([]);
  });

  it('documentation: requires files (reported, never invented) and a review criterion', () => {
    const template = builtinTemplate('documentation');
    const out = applyTemplate(draft({ kind: 'documentation', files: [] }), template);
    expect(out.files).toEqual([]);
    expect(missingSections(out, template)).toEqual(['files']);
    expect(out.acceptanceCriteria.at(-1)).toMatch(/^Confirm a reviewer/);
  });
});

describe('applyTemplate', () => {
  const custom = {
    id: 'acme-bugfix',
    kind: 'bugfix' as const,
    name: 'ACME bug',
    requiredSections: [
      'description',
      'acceptanceCriteria',
      'implementationSteps',
      'reproductionSteps',
      'testPlan',
    ] as const,
    descriptionPrefix: 'Customer-reported:',
    extraCriteria: [
      'Add a regression test that fails before the fix and passes after it',
      'Notify support when released',
    ],
  };
  const template = { ...custom, requiredSections: [...custom.requiredSections] };

  it('prefixes the description once, without duplicate criteria (ignoring case and spacing)', () => {
    const t = draft({ acceptanceCriteria: ['add a regression  test that fails before the fix and passes after it'] });
    const out = applyTemplate(t, template);
    expect(out.description.startsWith('Customer-reported: Exports over 50k rows')).toBe(true);
    expect(out.acceptanceCriteria).toEqual([...t.acceptanceCriteria, 'Notify support when released']);
  });

  it('is idempotent and deterministic, and does not mutate its input', () => {
    const t = draft({ implementationSteps: [] });
    const frozen = JSON.stringify(t);
    const once = applyTemplate(t, template);
    expect(applyTemplate(once, template)).toEqual(once);
    expect(applyTemplate(t, template)).toEqual(once);
    expect(JSON.stringify(t)).toBe(frozen);
  });

  it('fills empty implementation steps from the criteria and a description that is only sections', () => {
    const out = applyTemplate(
      draft({ description: 'Test plan:\n- unit tests', implementationSteps: [] }),
      builtinTemplate('test'),
    );
    expect(out.implementationSteps[0]).toMatch(/^Make this criterion hold: GIVEN 100k rows/);
    expect(out.description).toMatch(/^Stream large report exports\.\n\nTest plan:/);
    expect(missingSections(out, builtinTemplate('test'))).toEqual([]);
  });

  it('counts a blank labelled section as missing', () => {
    expect(missingSections(draft({ description: 'Text.\n\nRollback plan:' }), builtinTemplate('refactor'))).toEqual([
      'rollback',
    ]);
  });
});

describe('splitDescription', () => {
  it('reads compact, bold and heading labels, and leaves look-alike prose in the body', () => {
    const { body, sections } = splitDescription(
      [
        'Intro.',
        'Test plan for the importer is owned by QA.',
        '**Reproduction steps:** open the report',
        '## Rollback plan',
        'Revert the commit.',
        'Expected behaviour:\nThe file downloads.',
      ].join('\n\n'),
    );
    expect(body).toBe('Intro.\n\nTest plan for the importer is owned by QA.');
    expect(Object.fromEntries(sections)).toEqual({
      reproductionSteps: 'open the report',
      rollback: 'Revert the commit.',
      expectedBehaviour: 'The file downloads.',
    });
  });
});
