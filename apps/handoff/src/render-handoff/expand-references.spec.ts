import { expandReferences, referenceLookup, type ReferenceLookup } from './expand-references';
import type { HandoffContext } from './handoff-context';

const SPEC_ID = '11111111-2222-4333-8444-555555555555';

const lookup: ReferenceLookup = {
  specs: new Map([[SPEC_ID, { title: 'CSV export', content: '# CSV export' }]]),
  tickets: new Map([
    ['FG-3', { title: '[API] Add the endpoint', content: '' }],
    ['FG-4', { title: '[API] Mention [[ticket:FG-3]] in a title', content: '' }],
  ]),
  files: new Map([
    ['src/a.ts', { language: 'TypeScript', loc: 120, symbols: ['a'] }],
    ['LICENSE', { language: '', loc: 0, symbols: [] }],
  ]),
};

describe('expandReferences', () => {
  it('expands known spec, ticket and file references into inline summaries', () => {
    const text = `See [[spec:${SPEC_ID}]], do [[ticket:FG-3]] in [[file:src/a.ts]] and keep [[file: LICENSE ]].`;
    expect(expandReferences(text, lookup)).toEqual({
      text: 'See CSV export (spec 11111111), do FG-3 — [API] Add the endpoint in `src/a.ts` (TypeScript, 120 LOC) and keep `LICENSE` (0 LOC).',
      warnings: [],
    });
  });

  it('leaves unknown references as written and reports each once', () => {
    const text = 'Do [[ticket:FG-99]] then [[ticket:FG-99]], read [[file:nope.ts]] and [[spec:abc]].';
    expect(expandReferences(text, lookup)).toEqual({
      text,
      warnings: [
        'unknown ticket reference "FG-99"',
        'unknown file reference "nope.ts"',
        'unknown spec reference "abc"',
      ],
    });
  });

  it('does not touch bare references, unknown kinds, empty targets or references in code', () => {
    const text = [
      `specRef: spec:${SPEC_ID}, ticket: FG-3, [[epic:FG-1]], [[ticket:]], [ticket:FG-3]`,
      'inline `[[ticket:FG-3]]` and ``a `[[ticket:FG-99]]` b``',
      '```md',
      '[[ticket:FG-3]]',
      '```',
      '~~~~',
      '[[ticket:FG-3]]',
      '~~~',
      'still code: the fence needs four tildes to close',
      '~~~~',
      'after: [[ticket:FG-3]]',
    ].join('\n');
    const { text: out, warnings } = expandReferences(text, lookup);
    expect(out).toBe(text.replace('after: [[ticket:FG-3]]', 'after: FG-3 — [API] Add the endpoint'));
    expect(warnings).toEqual([]);
  });

  it('treats an unclosed fence as code to the end', () => {
    const text = 'x [[ticket:FG-3]]\n```\n[[ticket:FG-3]]\n';
    expect(expandReferences(text, lookup).text).toBe('x FG-3 — [API] Add the endpoint\n```\n[[ticket:FG-3]]\n');
  });

  it('expands in one pass: references inside a summary stay as they are', () => {
    expect(expandReferences('[[ticket:FG-4]]', lookup)).toEqual({
      text: 'FG-4 — [API] Mention [[ticket:FG-3]] in a title',
      warnings: [],
    });
  });

  it('builds a lookup from a context: its specs, tasks and listed files', () => {
    const ctx = {
      specs: [{ id: SPEC_ID, title: 'CSV export', version: 1, content: '' }],
      tickets: [{ key: 'FG-3', title: '[API] Add the endpoint', content: '' }],
      codebaseFiles: [{ path: 'src/a.ts', language: 'TypeScript', loc: 120, symbols: [] }],
    } as unknown as HandoffContext;
    const text = `[[spec:${SPEC_ID}]] [[ticket:FG-3]] [[file:src/a.ts]]`;
    expect(expandReferences(text, referenceLookup(ctx)).text).toBe(
      'CSV export (spec 11111111) FG-3 — [API] Add the endpoint `src/a.ts` (TypeScript, 120 LOC)',
    );
  });
});
