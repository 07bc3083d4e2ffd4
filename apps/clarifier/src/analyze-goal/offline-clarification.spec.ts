import { ClarificationOutput, type CodebaseContext } from '@flowguard/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { triageComplexity } from './complexity';
import { analyzeGoalOffline } from './offline-clarification';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../../../test/fixtures/prds', name), 'utf8');

const analyze = (goal: string, codebaseContext: CodebaseContext | null = null): ClarificationOutput =>
  analyzeGoalOffline({ goal, codebaseContext });

describe('analyzeGoalOffline on the PRD fixtures', () => {
  const billing = analyze(fixture('team-billing.md'));
  const csv = analyze(fixture('csv-export.md'));
  const notes = analyze(fixture('offline-notes.md'));

  it('answers schema-valid output with at most five questions numbered Q1…Qn', () => {
    for (const output of [billing, csv, notes]) {
      expect(ClarificationOutput.parse(output)).toEqual(output);
      expect(output.questions.length).toBeLessThanOrEqual(5);
      expect(output.questions.map((q) => q.id)).toEqual(output.questions.map((_, i) => `Q${i + 1}`));
      for (const q of output.questions) {
        expect(q.whyItMatters.length).toBeGreaterThan(20);
        expect(q.defaultAnswer.length).toBeGreaterThan(10);
      }
    }
  });

  it('team-billing: large, high conflict risk, Stripe billing in scope, its own open questions asked first', () => {
    expect(billing.complexity).toBe('large');
    expect(billing.restated.goal).toMatch(/^Team billing for Tallyboard\. Goals: Let a workspace owner upgrade/);
    expect(billing.restated.scope).toMatch(/Billing/);
    expect(billing.restated.scope).toMatch(/Stripe/);
    expect(billing.restated.scope).toMatch(/Out of scope: .*Supporting payment providers other than Stripe/);
    expect(billing.restated.context).toMatch(/Stripe, NestJS, PostgreSQL, React, BullMQ, Redis/);
    expect(billing.conflictRisk.level).toBe('high');
    expect(billing.conflictRisk.reasons.join(' ')).toMatch(/data model/);
    expect(billing.questions.slice(0, 2).map((q) => q.text)).toEqual([
      'Do we charge for seats of guests who can only view boards?',
      'Which currencies do we support at launch besides USD?',
    ]);
    expect(billing.questions[0].choices).toEqual(['yes', 'no']);
    // p95 < 2 s, Postgres and "Only the workspace owner…" are in the PRD: no question about them.
    const asked = billing.questions.map((q) => q.text).join(' ');
    expect(asked).not.toMatch(/how fast|stored|permissions|rolled out/);
    expect(asked).toMatch(/update their card from a link in the dunning email/);
  });

  it('csv-export: medium, TypeScript/React context with the named files, asks where export files live', () => {
    expect(csv.complexity).toBe('medium');
    expect(csv.restated.context).toMatch(/TypeScript, React, Node\.js/);
    expect(csv.restated.context).toMatch(/src\/reports\/ReportsPage\.tsx/);
    expect(csv.restated.scope).toMatch(/Exports MUST respect the current filters/);
    expect(csv.conflictRisk.level).toBe('medium');
    expect(csv.questions.map((q) => q.text)).toEqual([
      'Where are generated or uploaded files kept, and for how long?',
      'What volume must this handle, and how fast must it respond?',
      'Is this optional item in scope for the first release: "Users MAY choose semicolon instead of comma as the separator"?',
      'Is this SHOULD item in scope for the first release: "Files larger than 50k rows SHOULD be generated in a background job and emailed to the user as a download link"?',
    ]);
    expect(csv.questions[2].defaultAnswer).toMatch(/^no/);
    expect(csv.questions[3].defaultAnswer).toMatch(/^yes/);
  });

  it('offline-notes: medium, sync and encryption in scope, asks about conflicts and attachments', () => {
    expect(notes.complexity).toBe('medium');
    expect(notes.restated.scope).toMatch(/Sync/);
    expect(notes.restated.scope).toMatch(/End-to-end encryption must be on by default/);
    expect(notes.restated.context).toMatch(/React Native, SQLite, Node\.js/);
    const asked = notes.questions.map((q) => q.text);
    expect(asked[0]).toBe('Do photo attachments need to work offline too?');
    expect(asked.some((q) => /conflict resolution should keep both versions/.test(q))).toBe(true);
    // "Sharing … is out of scope" is a non-goal, not something to ask about.
    expect(asked.join(' ')).not.toMatch(/Sharing/);
  });

  it('gives identical output for identical input', () => {
    for (const name of ['team-billing.md', 'csv-export.md', 'offline-notes.md']) {
      expect(analyze(fixture(name))).toEqual(analyze(fixture(name)));
    }
  });
});

describe('analyzeGoalOffline on short goals', () => {
  it('reads a one-line goal as a small, low-risk change with one requirement in scope', () => {
    const output = analyze('Add CSV export to the reports page');
    expect(ClarificationOutput.parse(output)).toEqual(output);
    expect(output.restated.goal).toBe('Add CSV export to the reports page.');
    expect(output.restated.scope).toBe(
      'In scope: 1 functional requirement (1 MUST) across UI, Reporting: Add CSV export to the reports page.',
    );
    expect(output.restated.context).toMatch(/^Greenfield/);
    expect(output.complexity).toBe('small');
    expect(output.conflictRisk).toEqual({ level: 'low', reasons: [expect.stringMatching(/^self-contained/)] });
    expect(output.questions.map((q) => q.text)).toEqual([
      'What volume must this handle, and how fast must it respond?',
    ]);
  });

  it('asks nothing about a tiny, fully specified change', () => {
    expect(analyze('Change the footer copyright year to 2026').questions).toEqual([]);
  });

  it('asks what to build, and on what, when a new product is named in a few words', () => {
    expect(analyze('Build a todo app').questions.map((q) => q.text)).toEqual([
      'What must the first version do? List the must-have features.',
      'Which platform and stack should it use?',
    ]);
  });

  it('uses the codebase context: languages, shared files and a higher conflict risk', () => {
    const output = analyze(fixture('csv-export.md'), {
      summary: 'Insights monorepo',
      files: [
        { path: 'web/src/reports/ReportsPage.tsx', loc: 950 },
        { path: 'api/src/app.module.ts' },
        { path: 'api/src/reports/reports.controller.ts', language: 'TypeScript' },
        { path: 'README.md' },
      ],
      dependencies: ['express', 'react', 'pg', '@aws-sdk/client-s3'],
    });
    expect(output.restated.context).toMatch(
      /^Existing codebase: 4 files in TypeScript \(3\)\. Codebase summary: Insights monorepo\./,
    );
    expect(output.restated.context).toMatch(
      /Shared files: api\/src\/app\.module\.ts, web\/src\/reports\/ReportsPage\.tsx/,
    );
    expect(output.conflictRisk.level).toBe('high');
    expect(output.conflictRisk.reasons).toContain('changes an existing codebase of 4 files');
    // The S3 client in the dependencies answers where export files live.
    expect(output.questions.map((q) => q.text).join(' ')).not.toMatch(/files kept/);
  });

  it('names reshaping work as a conflict risk and asks which code it changes', () => {
    const output = analyze('Refactor the auth module to use the new session store');
    expect(output.conflictRisk.level).toBe('medium');
    expect(output.conflictRisk.reasons).toContain('"Refactor" means editing code that others build on');
    expect(output.questions.map((q) => q.text)).toEqual(['Which existing modules or files does this change?']);
  });
});

describe('triageComplexity thresholds', () => {
  const signals = { requirements: 3, components: 3, nonFunctional: 1, userStories: 1, words: 249 };

  it('is small at the small limits and medium one step past any of them', () => {
    expect(triageComplexity(signals)).toBe('small');
    expect(triageComplexity({ ...signals, requirements: 4 })).toBe('medium');
    expect(triageComplexity({ ...signals, components: 4 })).toBe('medium');
    expect(triageComplexity({ ...signals, nonFunctional: 2 })).toBe('medium');
    expect(triageComplexity({ ...signals, words: 250 })).toBe('medium');
  });

  it('is large from 12 requirements, 7 areas, 6 stories, 1200 words, or 8 requirements across 5 areas', () => {
    expect(triageComplexity({ ...signals, requirements: 12 })).toBe('large');
    expect(triageComplexity({ ...signals, components: 7 })).toBe('large');
    expect(triageComplexity({ ...signals, userStories: 6 })).toBe('large');
    expect(triageComplexity({ ...signals, words: 1200 })).toBe('large');
    expect(triageComplexity({ ...signals, requirements: 8, components: 5 })).toBe('large');
    expect(triageComplexity({ ...signals, requirements: 7, components: 5 })).toBe('medium');
  });
});
