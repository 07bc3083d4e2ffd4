import { Spec, type SpecInput } from '@flowguard/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSpecOffline } from '../generate-spec/offline-spec';
import { yamlValue } from './front-matter';
import { renderSpecMarkdown, SPEC_SECTIONS } from './spec-markdown';

const FIXTURES = join(__dirname, '../../../../test/fixtures/prds');

const billing: SpecInput = {
  goal: readFileSync(join(FIXTURES, 'team-billing.md'), 'utf8'),
  restated: {
    goal: 'Let teams pay for Tallyboard with Stripe subscriptions billed per seat.',
    scope: 'Subscriptions, seat changes with proration, PDF invoices and dunning.',
    context: 'B2B SaaS with team accounts; card data must stay out of our servers (PCI).',
  },
  complexity: 'large',
  answers: [{ questionId: 'Q1', question: 'Which billing intervals are offered?', answer: 'Monthly and annual.' }],
  assumptions: [
    { questionId: 'Q3', statement: 'Prices are in USD only for the first release.', source: 'default-answer' },
    { questionId: null, statement: 'Stripe Billing is the system of record for subscriptions.', source: 'inferred' },
  ],
  codebaseContext: null,
};

const makeSpec = (content = generateSpecOffline(billing)): Spec =>
  Spec.parse({
    schemaVersion: 1,
    id: '0b7c2f1e-5d4a-4e3b-9c2d-1a0b9c8d7e6f',
    tenantId: '1c8d3a2f-6e5b-4f4c-8d3e-2b1a0d9c8e7f',
    workflowId: '2d9e4b3a-7f6c-4a5d-9e4f-3c2b1e0d9f8a',
    version: 3,
    content,
    generatedBy: { provider: 'offline', model: 'offline-planner', promptId: 'spec.v1', promptVersion: 1 },
    createdAt: '2025-03-04T05:06:07.000Z',
  });

/** A tiny front-matter reader: between the first two `---`, each `key: value`, quoted values JSON-parsed. */
function readFrontMatter(markdown: string): Record<string, unknown> {
  const [before, head] = markdown.split(/^---$/m);
  expect(before).toBe('');
  const out: Record<string, unknown> = {};
  for (const line of (head ?? '').trim().split('\n')) {
    const m = /^(\w+): (.*)$/.exec(line);
    if (!m?.[1]) throw new Error(`not a key: value line: ${line}`);
    const raw = m[2] ?? '';
    if (/^["[]/.test(raw)) out[m[1]] = JSON.parse(raw);
    else if (raw === 'null') out[m[1]] = null;
    else if (/^-?\d+(\.\d+)?$/.test(raw)) out[m[1]] = Number(raw);
    else out[m[1]] = raw;
  }
  return out;
}

/** Splits a table row on unescaped pipes. */
const cells = (row: string): string[] =>
  row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

describe('renderSpecMarkdown', () => {
  const spec = makeSpec();
  const md = renderSpecMarkdown(spec);

  it('writes front matter that reads back to the spec ids and provenance', () => {
    expect(readFrontMatter(md)).toEqual({
      id: spec.id,
      tenant: spec.tenantId,
      workflow: spec.workflowId,
      version: 3,
      schemaVersion: 1,
      provider: 'offline',
      model: 'offline-planner',
      promptId: 'spec.v1',
      promptVersion: 1,
      createdAt: '2025-03-04T05:06:07.000Z',
      title: spec.content.title,
    });
  });

  it('quotes titles YAML would misread, and they still read back', () => {
    for (const title of ['Billing: v2 # draft', 'yes', '2025 plan', '"Quoted" and \\ back', 'Plain title']) {
      const out = renderSpecMarkdown(makeSpec({ ...spec.content, title }));
      expect(readFrontMatter(out)['title']).toBe(title);
    }
    expect(yamlValue('Plain title')).toBe('Plain title');
    expect(yamlValue('on')).toBe('"on"');
  });

  it('puts the title first, then the sections in order', () => {
    const positions = SPEC_SECTIONS.map((s) => md.indexOf(`\n## ${s}\n`));
    expect(md.indexOf(`\n# ${spec.content.title}\n`)).toBeGreaterThan(0);
    expect(md.indexOf(`\n# ${spec.content.title}\n`)).toBeLessThan(positions[0] ?? -1);
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('gives every functional requirement a heading with its level, and its scenarios', () => {
    for (const fr of spec.content.functionalRequirements) {
      expect(md).toContain(`\n### ${fr.id} — ${fr.title} (${fr.level})\n`);
      const s = fr.scenarios[0];
      expect(md).toContain(`- **GIVEN** ${s?.given} **WHEN** ${s?.when} **THEN** ${s?.then}`);
    }
  });

  it('lists every file change in the file changes table', () => {
    const table = md.split('### File changes')[1]?.split('###')[0] ?? '';
    for (const f of spec.content.technicalPlan.fileChanges) {
      expect(table).toContain(`| \`${f.path}\` | ${f.action} |`);
    }
  });

  it('renders phase success criteria as checklists and assumptions with source and question', () => {
    expect(md).toContain(`- [ ] ${spec.content.phases[0]?.successCriteria.automated[0]}`);
    expect(md).toContain('Prices are in USD only for the first release. _(source: default-answer; question: Q3)_');
    expect(md).toContain('_(source: inferred; question: none)_');
  });

  it('escapes pipes and newlines inside table cells', () => {
    const risky = {
      description: 'Stripe | PayPal mismatch',
      probability: 'low' as const,
      impact: 'high' as const,
      mitigation: 'Reconcile nightly\nand alert',
      contingency: 'Refund',
    };
    const out = renderSpecMarkdown(makeSpec({ ...spec.content, risks: [risky] }));
    const row = out.split('\n').find((l) => l.startsWith('| Stripe'));
    expect(row).toBe('| Stripe \\| PayPal mismatch | low | high | Reconcile nightly<br>and alert | Refund |');
    expect(cells(row ?? '')).toHaveLength(5);
  });

  it('keeps each line of a free-text block its own paragraph, and numbered lists tight', () => {
    const out = renderSpecMarkdown(
      makeSpec({ ...spec.content, overview: 'First line.\nSecond line.', rollbackPlan: '1. Flag off.\n2. Redeploy.' }),
    );
    expect(out).toContain('## Overview\n\nFirst line.\n\nSecond line.\n');
    expect(out).toContain('## Rollback plan\n\n1. Flag off.\n2. Redeploy.\n');
  });

  it('renders empty lists and empty tables as _None._', () => {
    const out = renderSpecMarkdown(
      makeSpec({ ...spec.content, nonGoals: [], risks: [], openQuestions: [], nonFunctionalRequirements: [] }),
    );
    for (const title of ['Non-goals', 'Non-functional requirements', 'Risks', 'Open questions']) {
      expect(out).toContain(`## ${title}\n\n_None._\n`);
    }
  });

  it('is deterministic and ends with one newline', () => {
    expect(renderSpecMarkdown(makeSpec())).toBe(md);
    expect(md.endsWith('\n')).toBe(true);
    expect(md.endsWith('\n\n')).toBe(false);
  });
});
