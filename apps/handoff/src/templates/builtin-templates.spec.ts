import { readFileSync } from 'fs';
import { join } from 'path';
import { HANDOFF_VARIABLES } from '../render-handoff/handoff-context';
import { BUILTIN_TEMPLATES } from './builtin-templates';
import { renderTemplate } from './template-engine';
import { TEMPLATE_HELPERS } from './template-helpers';
import { validateTemplate } from './template-validation';
import { testContext, testContextWithoutCodebase } from './test-context';

const CLAUDE_TAGS = [
  'context',
  'codebase_summary',
  'codebase',
  'file',
  'dependencies',
  'specs',
  'spec',
  'title',
  'content',
];
const CLAUDE_BLOCK_TAGS = [
  ...CLAUDE_TAGS,
  'tickets',
  'ticket',
  'blocked_by',
  'files',
  'acceptance_criteria',
  'instructions',
];

/** Checks that the known tags open and close in properly nested pairs; returns problems. */
function xmlProblems(text: string, tags: string[]): string[] {
  const stack: string[] = [];
  const problems: string[] = [];
  for (const match of text.matchAll(/<(\/?)([a-z_]+)(?:\s[^<>]*)?>/g)) {
    const [, close, tag] = match;
    if (!tags.includes(tag)) continue;
    if (!close) stack.push(tag);
    else if (stack.pop() !== tag) problems.push(`</${tag}> at ${match.index}`);
  }
  return [...problems, ...stack.map((tag) => `<${tag}> never closed`)];
}

describe('BUILTIN_TEMPLATES', () => {
  const context = testContext();

  it('has one template per agent type and none for custom', () => {
    expect(Object.keys(BUILTIN_TEMPLATES).sort()).toEqual([
      'aider',
      'claude',
      'cline',
      'cursor',
      'generic',
      'windsurf',
    ]);
    for (const [agentType, template] of Object.entries(BUILTIN_TEMPLATES)) {
      expect(template).toMatchObject({ id: `builtin:${agentType}`, agentType });
      expect(template.name.length).toBeGreaterThan(0);
    }
    expect((BUILTIN_TEMPLATES as Record<string, unknown>).custom).toBeUndefined();
  });

  describe.each(Object.values(BUILTIN_TEMPLATES))('$agentType', (template) => {
    it('validates clean', () => {
      expect(validateTemplate(template.source, {})).toEqual({ ok: true, errors: [] });
    });

    it('renders the whole plan: specs, every ticket in order with its fields, the codebase', () => {
      const out = renderTemplate(template.source, context);
      expect(out).not.toContain('{{');
      expect(out).not.toContain('}}');
      expect(out).toContain(context.epicTitle);
      for (const spec of context.specs) {
        expect(out).toContain(spec.title);
        expect(out).toContain(spec.content);
      }
      for (const ticket of context.tickets) {
        expect(out).toContain(ticket.title);
        expect(out).toContain(ticket.content);
        ticket.acceptanceCriteria.forEach((criterion) => expect(out).toContain(criterion));
        ticket.files.forEach((file) => expect(out).toContain(file));
        if (ticket.blockedBy.length > 1) expect(out).toContain(ticket.blockedBy.join(', '));
      }
      // The detailed ticket entries follow the dependency order.
      const lastSeen = context.tickets.map((t) => out.lastIndexOf(t.content));
      expect([...lastSeen].sort((a, b) => a - b)).toEqual(lastSeen);
      expect(out).toContain(context.codebaseContext);
      for (const file of context.codebaseFiles) {
        expect(out).toContain(file.path);
        expect(out).toContain(file.symbols.join(', '));
      }
      expect(out).toContain('Return `Promise<void>`; when `attempts > 3 && !isAdmin` answer 429.');
      expect(out).not.toMatch(/\n\n\n/); // no gaps left where sections dropped out
    });

    it('drops the codebase section when the client sent no codebase', () => {
      const out = renderTemplate(template.source, testContextWithoutCodebase());
      for (const file of context.codebaseFiles) expect(out).not.toContain(file.path);
      expect(out).not.toContain(context.codebaseContext);
      expect(out).not.toMatch(/^## (Codebase|Relevant files)|<codebase/im);
      expect(out).not.toMatch(/\n\n\n/);
      for (const ticket of context.tickets) expect(out).toContain(ticket.title);
    });

    it('keeps the file list without a summary, and the summary without files', () => {
      const files = renderTemplate(template.source, testContext({ codebaseContext: '' }));
      expect(files).toContain(context.codebaseFiles[0].path);
      const summary = renderTemplate(template.source, testContext({ codebaseFiles: [] }));
      expect(summary).toContain(context.codebaseContext);
      expect(summary).not.toContain(context.codebaseFiles[0].path);
    });
  });

  it('claude: XML-tagged sections, balanced and properly nested', () => {
    const { source } = BUILTIN_TEMPLATES.claude;
    for (const variant of [context, testContextWithoutCodebase()]) {
      const out = renderTemplate(source, variant);
      expect(xmlProblems(out, CLAUDE_BLOCK_TAGS)).toEqual([]);
      for (const tag of ['context', 'specs', 'tickets', 'instructions']) {
        expect(out.split(`<${tag}>`).length + out.split(`<${tag} `).length - 2).toBe(1);
      }
      for (const ticket of variant.tickets) expect(out).toContain(`<ticket key="${ticket.key}"`);
      const opened = (tag: string) => out.match(new RegExp(`<${tag}[\\s>]`, 'g'))?.length ?? 0;
      for (const tag of CLAUDE_BLOCK_TAGS) expect(opened(tag)).toBe(out.split(`</${tag}>`).length - 1);
    }
    expect(renderTemplate(source, context).match(/<ticket /g)).toHaveLength(context.tickets.length);
  });

  it('aider: one /add and one commit line per ticket with files', () => {
    const out = renderTemplate(BUILTIN_TEMPLATES.aider.source, context);
    expect(out).toContain('/add src/auth/password-reset.controller.ts src/auth/password-reset.service.ts');
    expect(out.match(/^\/add /gm)).toHaveLength(context.tickets.filter((t) => t.files.length).length);
    expect(out).toContain('Commit: `PR-8: End-to-end test of the reset flow`');
  });

  it('cursor: files as @-mentions', () => {
    expect(renderTemplate(BUILTIN_TEMPLATES.cursor.source, context)).toContain('@src/auth/password-reset.service.ts');
  });
});

describe('variable reference (docs/handoff-templates.md)', () => {
  const readme = readFileSync(join(__dirname, '../../../../docs/handoff-templates.md'), 'utf8');

  it('documents every variable, list field and helper', () => {
    const fields = Object.values(HANDOFF_VARIABLES).flatMap((shape) =>
      typeof shape === 'object' ? Object.keys(shape.list) : [],
    );
    for (const name of [...Object.keys(HANDOFF_VARIABLES), ...fields, ...Object.keys(TEMPLATE_HELPERS)]) {
      expect(readme).toContain(`\`${name}\``);
    }
  });
});
