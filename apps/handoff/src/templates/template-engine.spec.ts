import { compileTemplate, renderTemplate } from './template-engine';
import { validateTemplate } from './template-validation';
import { testContext, testContextWithoutCodebase } from './test-context';

describe('renderTemplate', () => {
  const context = testContext();

  it('substitutes variables', () => {
    expect(renderTemplate('# {{epicTitle}} ({{epicId}}) by {{author}}', context)).toBe(
      '# Password reset via email (PR-1) by ada@example.com',
    );
  });

  it('iterates a list with a section, and with each', () => {
    expect(renderTemplate('{{#specs}}[{{title}} v{{version}}]{{/specs}}', context)).toBe(
      '[Password reset: backend v2][Password reset: web v1]',
    );
    expect(
      renderTemplate('{{#each tickets}}{{inc @index}}:{{key}}{{#unless @last}}, {{/unless}}{{/each}}', context),
    ).toBe('1:PR-2, 2:PR-3, 3:PR-4, 4:PR-5, 5:PR-6, 6:PR-7, 7:PR-8');
  });

  it('renders a conditional only when its value is present', () => {
    const source = '{{#if codebaseContext}}has context{{else}}no context{{/if}}|{{#if codebaseFiles}}files{{/if}}';
    expect(renderTemplate(source, context)).toBe('has context|files');
    expect(renderTemplate(source, testContextWithoutCodebase())).toBe('no context|');
  });

  it('reaches enclosing levels with ../ and @root', () => {
    const source =
      '{{#each tickets}}{{#if blockedBy}}{{key}}<-{{#each blockedBy}}{{this}}@{{../key}}/{{@root.epicId}} {{/each}}{{/if}}{{/each}}';
    expect(renderTemplate(source, testContext({ tickets: context.tickets.slice(0, 2) }))).toBe('PR-3<-PR-2@PR-3/PR-1 ');
    expect(renderTemplate('{{#each specs}}{{#if @first}}{{../epicTitle}}{{/if}}{{/each}}', context)).toBe(
      'Password reset via email',
    );
  });

  it('renders a missing variable as empty, and validation catches it', () => {
    const source = 'Epic: {{epicTitel}}!\n{{#each tickets}}{{/each}}';
    expect(renderTemplate(source, context)).toBe('Epic: !\n');
    expect(validateTemplate(source).errors).toEqual([
      expect.objectContaining({ code: 'unknown_variable', line: 1, column: 9 }),
      expect.objectContaining({ code: 'missing_section', message: expect.stringContaining('"epicTitle"') }),
    ]);
  });

  it('leaves markdown unescaped', () => {
    const out = renderTemplate('{{#each tickets}}{{#if @index}}{{else}}{{content}}{{/if}}{{/each}}', {
      ...context,
      tickets: [{ ...context.tickets[1], content: 'Return `Promise<void>` when `a > 3 && b`; "quoted" \'too\'' }],
    });
    expect(out).toBe('Return `Promise<void>` when `a > 3 && b`; "quoted" \'too\'');
  });

  it('offers join and inc, rendering empty for values of the wrong type', () => {
    expect(
      renderTemplate(
        '{{join languages}}|{{join languages " / "}}|{{join epicTitle}}|{{inc totalFiles}}|{{inc epicId}}',
        context,
      ),
    ).toBe('TypeScript, SQL|TypeScript / SQL||413|');
  });

  it('throws on syntax errors when compiling, and refuses helpers outside the set', () => {
    expect(() => compileTemplate('{{#if epicTitle}}open')).toThrow(/Parse error/);
    expect(() => renderTemplate('{{lookup tickets 0}}', context)).toThrow(/unknown helper lookup/);
    expect(() => renderTemplate('{{log epicTitle}}', context)).toThrow(/unknown helper log/);
  });

  it('renders the same output for the same input (no clock, no state)', () => {
    const compiled = compileTemplate('{{timestamp}} {{#each tickets}}{{key}}{{/each}}');
    expect(compiled(context)).toBe(compiled(context));
    expect(compiled(context)).toBe('2025-03-14T09:30:00.000Z PR-2PR-3PR-4PR-5PR-6PR-7PR-8');
  });
});
