import { DEFAULT_REQUIRED_SECTIONS, validateTemplate } from './template-validation';

const errorsOf = (source: string, requiredSections: string[] = []) =>
  validateTemplate(source, { requiredSections }).errors;

describe('validateTemplate', () => {
  describe('parse errors', () => {
    it('points at an unclosed {{#if}}', () => {
      const source =
        '# {{epicTitle}}\n\n{{#if codebaseContext}}\n{{codebaseContext}}\n{{#each tickets}}{{title}}{{/each}}\n';
      expect(errorsOf(source)).toEqual([
        {
          code: 'parse_error',
          message: 'unclosed block "{{#if}}" at line 3, column 1: no "{{/if}}" before the end of the template',
          line: 3,
          column: 1,
        },
      ]);
    });

    it('points at an unclosed section', () => {
      expect(errorsOf('{{epicTitle}}\n  {{#tickets}}\n- {{title}}\n')).toEqual([
        expect.objectContaining({
          code: 'parse_error',
          line: 2,
          column: 3,
          message: expect.stringContaining('{{/tickets}}'),
        }),
      ]);
    });

    it('points at a bad mustache', () => {
      expect(errorsOf('# {{epicTitle}}\nTickets: {{ tickets.length\n')).toEqual([
        expect.objectContaining({
          code: 'parse_error',
          line: 2,
          column: 10,
          message: expect.stringMatching(/^unclosed "{{"/),
        }),
      ]);
      expect(errorsOf('{{epicTitle}}\n  count: {{tickets.length bad=}}')).toEqual([
        expect.objectContaining({ code: 'parse_error', line: 2, column: 31 }),
      ]);
    });

    it('points at a block closed by the wrong tag', () => {
      expect(errorsOf('{{#each tickets}}\n  {{#if blockedBy}}{{/each}}\n{{/if}}')).toEqual([
        expect.objectContaining({
          code: 'parse_error',
          line: 2,
          column: 6,
          message: expect.stringContaining('"{{/each}}"'),
        }),
      ]);
    });

    it('rejects a block helper without its argument', () => {
      expect(errorsOf('{{#if}}x{{/if}}')).toEqual([
        expect.objectContaining({ code: 'parse_error', line: 1, column: 4 }),
      ]);
    });
  });

  describe('unknown variables', () => {
    it('reports position and a did-you-mean inside a loop', () => {
      const source = '# {{epicTitle}}\n{{#each tickets as |ticket|}}\n- {{ticket.titel}}\n{{/each}}';
      expect(errorsOf(source)).toEqual([
        {
          code: 'unknown_variable',
          message: 'unknown variable "ticket.titel" at line 3, column 5 (did you mean "ticket.title"?)',
          line: 3,
          column: 5,
        },
      ]);
    });

    it('suggests top-level names, and none when nothing is close', () => {
      const [typo, far] = errorsOf('{{epicTitel}} {{frobnicate}}');
      expect(typo.message).toBe('unknown variable "epicTitel" at line 1, column 3 (did you mean "epicTitle"?)');
      expect(far.message).toBe('unknown variable "frobnicate" at line 1, column 17');
    });

    it('resolves names in the scope of each block', () => {
      const valid =
        '{{#each tickets}}{{inc @index}} {{title}} {{this.key}} {{../epicTitle}} {{@root.epicId}} {{#if @first}}first{{/if}}' +
        '{{#each blockedBy}}{{this}} of {{../key}}{{/each}}{{#each files}}{{../../workflowId}}{{/each}}' +
        '{{join acceptanceCriteria "; "}}{{else}}none{{/each}}{{#specs}}{{title}} {{content.length}}{{/specs}}' +
        '{{#each codebaseFiles as |file i|}}{{file.path}} {{inc i}} {{join file.symbols}}{{/each}}{{tickets.[0].title}}';
      expect(errorsOf(valid)).toEqual([]);
    });

    it('checks inverse blocks and else-if chains in the outer scope', () => {
      const source =
        '{{^if codebaseContext}}{{epicTitle}}{{/if}}{{^each tickets}}{{epicTitle}}{{/each}}{{^specs}}{{epicId}}{{/specs}}' +
        '{{#if codebaseFiles}}a{{else if codebaseContxt}}b{{else}}{{titel}}{{/if}}';
      expect(errorsOf(source).map((e) => e.message)).toEqual([
        'unknown variable "codebaseContxt" at line 1, column 145 (did you mean "codebaseContext"?)',
        'unknown variable "titel" at line 1, column 172',
      ]);
    });

    it('does not fall back to outer names, and says how to reach them', () => {
      expect(errorsOf('{{#each tickets}}{{epicTitle}}{{/each}}')[0].message).toContain(
        '(did you mean "../epicTitle"?)',
      );
      expect(errorsOf('{{#each tickets}}{{key}}{{/each}} {{key}}')[0]).toMatchObject({ line: 1, column: 37 });
      expect(errorsOf('{{#specs}}{{tittle}}{{/specs}}')[0].message).toContain('(did you mean "title"?)');
    });

    it('rejects data variables outside loops and ../ above the top level', () => {
      expect(errorsOf('{{@index}} {{../epicTitle}}').map((e) => e.message)).toEqual([
        'unknown variable "@index" at line 1, column 3: @index only exists inside {{#each}}',
        'unknown variable "../epicTitle" at line 1, column 14: "../" climbs above the top level',
      ]);
    });

    it('rejects unknown helpers, partials, iterating a string and rendering a list of objects', () => {
      const messages = errorsOf(
        '{{joni files}} {{log epicTitle}} {{> footer}} {{#each epicTitle}}{{/each}} {{tickets}}',
      ).map((e) => e.message);
      expect(messages).toEqual([
        'unknown helper "joni" at line 1, column 3 (did you mean "join"?)',
        'unknown variable "files" at line 1, column 8',
        'unknown helper "log" at line 1, column 18',
        'partial at line 1, column 34: not supported',
        '"epicTitle" at line 1, column 55: not a list',
        '"tickets" at line 1, column 78: a list of objects, render its fields inside {{#each}}',
      ]);
    });
  });

  describe('required sections', () => {
    it('requires tickets and epicTitle by default', () => {
      expect(DEFAULT_REQUIRED_SECTIONS).toEqual(['tickets', 'epicTitle']);
      const result = validateTemplate('# Handoff\n\nThe tickets are below: none.\n');
      expect(result.ok).toBe(false);
      expect(result.errors).toEqual([
        { code: 'missing_section', message: 'required section "tickets" is missing: the template never uses it' },
        { code: 'missing_section', message: 'required section "epicTitle" is missing: the template never uses it' },
      ]);
    });

    it('matches a bare name by use and other entries by source text', () => {
      const source = '# {{ epicTitle }}\n{{#each   tickets }}{{title}}{{/each}}';
      expect(validateTemplate(source, { requiredSections: ['epicTitle', '{{#each tickets}}'] }).ok).toBe(true);
      expect(errorsOf(source, ['{{#each specs}}', 'specs'])).toHaveLength(2);
    });
  });

  it('passes a valid template', () => {
    const source = `# {{epicTitle}}

{{#each specs}}
## {{title}}

{{content}}
{{/each}}
{{#each tickets}}
### {{inc @index}}. {{key}} {{title}}
{{#if blockedBy}}Blocked by {{join blockedBy ", "}}{{/if}}
{{#each acceptanceCriteria}}
- [ ] {{this}}
{{/each}}
{{/each}}
{{#if codebaseFiles}}{{#each codebaseFiles}}{{path}} ({{loc}}){{/each}}{{/if}}
`;
    expect(validateTemplate(source, {})).toEqual({ ok: true, errors: [] });
  });
});
