import { SpecOutput, type SpecInput } from '@flowguard/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSpecOffline } from './offline-spec';

const FIXTURES = join(__dirname, '../../../../test/fixtures/prds');
const prd = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

const billing: SpecInput = {
  goal: prd('team-billing.md'),
  restated: {
    goal: 'Let teams pay for FlowGuard with Stripe subscriptions billed per seat.',
    scope: 'Subscriptions, seat changes with proration, PDF invoices and dunning; no custom enterprise contracts.',
    context: 'B2B SaaS with team accounts; card data must stay out of our servers (PCI).',
  },
  complexity: 'large',
  answers: [
    { questionId: 'Q1', question: 'Which billing intervals are offered?', answer: 'Monthly and annual.' },
    { questionId: 'Q2', question: 'Do we support invoicing by bank transfer?', answer: 'Out of scope for now.' },
  ],
  assumptions: [
    {
      questionId: 'Q3',
      statement: 'Prices are in USD only for the first release.',
      source: 'default-answer',
    },
    { questionId: null, statement: 'Stripe Billing is the system of record for subscriptions.', source: 'inferred' },
  ],
  codebaseContext: null,
};

const csvExport: SpecInput = {
  goal: prd('csv-export.md'),
  restated: {
    goal: 'Add CSV export of the current report to the Reports page.',
    scope: 'One export action on the Reports page and one API endpoint; no scheduled exports.',
    context: 'TypeScript/React frontend and Node API.',
  },
  complexity: 'medium',
  answers: [{ questionId: 'Q1', question: 'Which delimiter should the CSV use?', answer: 'Comma, UTF-8 with BOM.' }],
  assumptions: [{ questionId: 'Q2', statement: 'Exports are limited to 100,000 rows.', source: 'default-answer' }],
  codebaseContext: {
    summary: 'React SPA in src/ and an Express API in api/src/.',
    files: [
      { path: 'src/reports/ReportsPage.tsx', language: 'typescript' },
      { path: 'src/reports/useReportFilters.ts', language: 'typescript' },
      { path: 'api/src/reports/reports.controller.ts', language: 'typescript' },
      { path: 'api/src/reports/reports.service.ts', language: 'typescript' },
    ],
    dependencies: ['react', 'express'],
  },
};

const offlineNotes: SpecInput = {
  goal: prd('offline-notes.md'),
  restated: {
    goal: 'Build an offline-first plain-text notes app that syncs across devices with end-to-end encryption.',
    scope: 'Editing offline, sync with conflict resolution, client-side encryption.',
    context: 'New product; no existing codebase.',
  },
  complexity: 'medium',
  answers: [],
  assumptions: [
    { questionId: 'Q1', statement: 'Conflicts keep both versions and ask the user.', source: 'default-answer' },
  ],
  codebaseContext: null,
};

const oneLine: SpecInput = {
  goal: 'Add a dark mode toggle to the settings page',
  restated: {
    goal: 'Add a dark mode toggle to the settings page.',
    scope: 'A toggle on the settings page that switches the UI theme.',
    context: 'Existing web app.',
  },
  complexity: 'small',
  answers: [],
  assumptions: [{ questionId: 'Q1', statement: 'The choice is remembered per user.', source: 'default-answer' }],
  codebaseContext: null,
};

const PHASES = { small: 1, medium: 2, large: 3 } as const;
const CAPS = { small: 6, medium: 12, large: 25 } as const;

const frText = (spec: SpecOutput) =>
  spec.functionalRequirements.map((fr) => `${fr.title} ${fr.statement}`.toLowerCase());

describe('generateSpecOffline', () => {
  describe.each([
    ['team-billing', billing],
    ['csv-export', csvExport],
    ['offline-notes', offlineNotes],
    ['one-line goal', oneLine],
  ])('%s', (_name, input) => {
    const spec = generateSpecOffline(input);

    it('parses with SpecOutput', () => {
      expect(() => SpecOutput.parse(spec)).not.toThrow();
    });

    it('numbers FRs FR-001… sequentially, within the cap, each with a scenario', () => {
      const ids = spec.functionalRequirements.map((fr) => fr.id);
      expect(ids).toEqual(ids.map((_, i) => `FR-${String(i + 1).padStart(3, '0')}`));
      expect(ids.length).toBeGreaterThanOrEqual(1);
      expect(ids.length).toBeLessThanOrEqual(CAPS[input.complexity]);
      for (const fr of spec.functionalRequirements) {
        expect(fr.scenarios.length).toBeGreaterThanOrEqual(1);
        expect(fr.title.length).toBeLessThanOrEqual(80);
        expect(fr.statement).toMatch(/^The system (MUST|SHOULD|MAY)\b/);
      }
    });

    it('numbers NFRs NFR-001… sequentially', () => {
      const ids = spec.nonFunctionalRequirements.map((n) => n.id);
      expect(ids).toEqual(ids.map((_, i) => `NFR-${String(i + 1).padStart(3, '0')}`));
    });

    it('writes scenarios from the requirement, not boilerplate', () => {
      const thens = spec.functionalRequirements.map((fr) => fr.scenarios[0].then);
      expect(new Set(thens).size).toBe(thens.length);
    });

    it('carries the assumptions verbatim, first', () => {
      expect(spec.assumptions.slice(0, input.assumptions.length)).toEqual(input.assumptions);
    });

    it('has one phase per complexity step, each with deliverables and criteria', () => {
      expect(spec.phases).toHaveLength(PHASES[input.complexity]);
      for (const phase of spec.phases) {
        expect(phase.deliverables.length).toBeGreaterThan(0);
        expect(phase.successCriteria.automated.length).toBeGreaterThan(0);
        expect(phase.successCriteria.manual.length).toBeGreaterThan(0);
      }
      const delivered = spec.phases.flatMap((p) => p.deliverables.join(' ').match(/FR-\d{3}/g) ?? []);
      expect(new Set(delivered)).toEqual(new Set(spec.functionalRequirements.map((fr) => fr.id)));
    });

    it('plans unique file changes that name the FRs they serve', () => {
      const paths = spec.technicalPlan.fileChanges.map((f) => f.path);
      expect(paths.length).toBeGreaterThan(0);
      expect(new Set(paths).size).toBe(paths.length);
      for (const f of spec.technicalPlan.fileChanges) expect(f.description).toMatch(/FR-\d{3}|requirements/);
    });

    it('is deterministic', () => {
      expect(generateSpecOffline(input)).toEqual(spec);
    });
  });

  it('team-billing: covers proration, PDF invoices and card data (PCI)', () => {
    const spec = generateSpecOffline(billing);
    const frs = frText(spec);
    expect(frs.some((t) => t.includes('prorat'))).toBe(true);
    expect(frs.some((t) => /invoice|pdf/.test(t))).toBe(true);
    expect(spec.nonFunctionalRequirements.some((n) => /card|pci/i.test(n.statement))).toBe(true);
    expect(spec.nonGoals.some((g) => /bank transfer/i.test(g))).toBe(true);
    expect(spec.technicalPlan.dependencies.join(' ')).toMatch(/stripe/i);
    expect(spec.risks.some((r) => /payment|proration/i.test(r.description))).toBe(true);
    expect(spec.technicalPlan.dataModel).toMatch(/Subscription|Invoice/);
  });

  it('csv-export: respects filters and changes the reports controller', () => {
    const spec = generateSpecOffline(csvExport);
    expect(frText(spec).some((t) => t.includes('filter'))).toBe(true);
    const files = spec.technicalPlan.fileChanges;
    expect(files).toContainEqual(
      expect.objectContaining({ path: 'api/src/reports/reports.controller.ts', action: 'modify' }),
    );
    expect(files.every((f) => !f.path.endsWith('.py'))).toBe(true);
  });

  it('offline-notes: covers offline use, sync and encryption', () => {
    const spec = generateSpecOffline(offlineNotes);
    const frs = frText(spec);
    expect(frs.some((t) => /offline/.test(t))).toBe(true);
    expect(frs.some((t) => /sync/.test(t))).toBe(true);
    expect(frs.some((t) => /encrypt/.test(t))).toBe(true);
    expect(spec.risks.some((r) => /conflict|sync/i.test(r.description))).toBe(true);
  });

  it('a one-line goal yields a small, valid spec', () => {
    const spec = generateSpecOffline(oneLine);
    expect(spec.functionalRequirements.length).toBeGreaterThanOrEqual(1);
    expect(frText(spec).join(' ')).toContain('dark mode');
    expect(spec.technicalPlan.fileChanges.length).toBeGreaterThan(0);
  });

  it('caps FRs by complexity, keeping MUST before SHOULD before MAY', () => {
    const full = generateSpecOffline(billing).functionalRequirements;
    const small = generateSpecOffline({ ...billing, complexity: 'small' }).functionalRequirements;
    expect(full.length).toBeGreaterThan(6);
    expect(small).toHaveLength(6);
    expect(small.every((fr) => fr.level === 'MUST')).toBe(true);
    expect(full.some((fr) => fr.level !== 'MUST')).toBe(true);
  });

  it('splits compound requirements into atomic FRs with their own level', () => {
    const frs = generateSpecOffline(billing).functionalRequirements;
    const adding = frs.find((fr) => /adding seats/i.test(fr.statement));
    const removing = frs.find((fr) => /removing seats/i.test(fr.statement));
    expect(adding?.level).toBe('MUST');
    expect(removing?.level).toBe('SHOULD');
  });

  it('follows the codebase language and layout', () => {
    const spec = generateSpecOffline({
      ...oneLine,
      codebaseContext: {
        summary: 'Django app',
        files: [{ path: 'app/settings/views.py' }, { path: 'app/settings/forms.py' }],
        dependencies: ['django'],
      },
    });
    const files = spec.technicalPlan.fileChanges;
    expect(files).toContainEqual(expect.objectContaining({ path: 'app/settings/views.py', action: 'modify' }));
    const created = files.filter((f) => f.action === 'create').map((f) => f.path);
    expect(created.length).toBeGreaterThan(0);
    expect(created.every((p) => /\.(py|html)$/.test(p))).toBe(true);
  });

  it.each([
    'x',
    'Can we add dark mode?',
    '# Title only',
    '- just\n- bullets\n- here',
    'Die App soll Rechnungen als PDF exportieren.',
    `${'The system must log every request. '.repeat(200)}`,
  ])('produces a valid spec for odd input %#', (goal) => {
    for (const complexity of ['small', 'medium', 'large'] as const) {
      const spec = generateSpecOffline({ ...oneLine, goal, complexity });
      expect(spec.functionalRequirements.length).toBeGreaterThanOrEqual(1);
      expect(spec.phases).toHaveLength(PHASES[complexity]);
    }
  });

  it('records answers as context after the assumptions', () => {
    const spec = generateSpecOffline(csvExport);
    expect(spec.assumptions).toContainEqual(
      expect.objectContaining({ questionId: 'Q1', statement: expect.stringContaining('Comma, UTF-8 with BOM.') }),
    );
  });
});
