import { ClarificationOutput } from '@flowguard/contracts';
import { clarificationPromptV1 } from './clarification.v1.prompt';

describe('clarificationPromptV1', () => {
  it('is the versioned clarification prompt paired with the ClarificationOutput schema', () => {
    expect(clarificationPromptV1).toMatchObject({ id: 'clarification', version: 1, purpose: 'clarification' });
    expect(clarificationPromptV1.outputSchema).toBe(ClarificationOutput);
  });

  it('builds a system message with the rules and a user message carrying the goal verbatim', () => {
    const goal = 'Add CSV export to the reports page.\nExports MUST respect the current filters.';
    const messages = clarificationPromptV1.build({ goal, codebaseContext: null });
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    const [system, user] = messages.map((m) => m.content);
    expect(system).toMatch(/GOAL/);
    expect(system).toMatch(/SCOPE/);
    expect(system).toMatch(/CONTEXT/);
    expect(system).toMatch(/AT MOST 5/);
    expect(system).toMatch(/whyItMatters/);
    expect(system).toMatch(/defaultAnswer/);
    expect(system).toMatch(/small: at most 3 functional requirements/);
    expect(user).toContain(goal);
    expect(user).toContain('CODEBASE CONTEXT: none provided.');
  });

  it('summarises a codebase context compactly: counts, languages, shared files, bounded path list', () => {
    const files = Array.from({ length: 100 }, (_, i) => ({ path: `src/feature-${String(i).padStart(3, '0')}.ts` }));
    const [, user] = clarificationPromptV1.build({
      goal: 'Add dark mode',
      codebaseContext: { summary: 'A React app', files: [...files, { path: 'package.json' }], dependencies: ['react'] },
    });
    expect(user.content).toContain('Summary: A React app');
    expect(user.content).toContain('Files: 101 (TypeScript (100))');
    expect(user.content).toContain('Shared or large files: package.json');
    expect(user.content).toContain('src/feature-059.ts (and 40 more)');
    expect(user.content).not.toContain('src/feature-060.ts');
    expect(user.content).toContain('Dependencies: react');
  });
});
