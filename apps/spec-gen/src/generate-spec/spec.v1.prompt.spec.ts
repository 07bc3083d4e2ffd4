import { SpecOutput, type SpecInput } from '@flowguard/contracts';
import { specPromptV1 } from './spec.v1.prompt';

const input: SpecInput = {
  goal: 'Add a dark mode toggle to the settings page',
  restated: {
    goal: 'Add a dark mode toggle to the settings page.',
    scope: 'Settings page only.',
    context: 'React web app.',
  },
  complexity: 'small',
  answers: [{ questionId: 'Q1', question: 'Follow the OS theme by default?', answer: 'Yes' }],
  assumptions: [{ questionId: 'Q2', statement: 'The choice is stored per user.', source: 'default-answer' }],
  codebaseContext: {
    summary: 'React SPA',
    files: Array.from({ length: 120 }, (_, i) => ({ path: `src/file-${i}.tsx` })),
  },
};

describe('specPromptV1', () => {
  it('is the v1 spec prompt with the SpecOutput schema', () => {
    expect(specPromptV1).toMatchObject({ id: 'spec', version: 1, purpose: 'spec' });
    expect(specPromptV1.outputSchema).toBe(SpecOutput);
  });

  it('builds a system message with the rules, sized by complexity, and a user message with the input', () => {
    const messages = specPromptV1.build(input);
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    const [system, user] = messages;
    expect(system.content).toContain('GIVEN/WHEN/THEN');
    expect(system.content).toContain('at most 6 functional requirements');
    expect(system.content).toContain('exactly 1 phase(s)');
    expect(system.content).toMatch(/rollbackPlan/);
    expect(user.content).toContain(input.goal);
    expect(user.content).toContain('The choice is stored per user.');
    expect(user.content).toContain('Follow the OS theme by default?');
    expect(user.content).toContain('SCOPE: Settings page only.');
  });

  it('keeps the codebase context compact and omits it when absent', () => {
    const user = specPromptV1.build(input)[1].content;
    expect(user).toContain('src/file-79.tsx');
    expect(user).not.toContain('src/file-80.tsx');
    expect(user).toContain('and 40 more files');
    expect(specPromptV1.build({ ...input, codebaseContext: null })[1].content).not.toContain('Codebase context');
  });

  it('sizes a large goal differently', () => {
    const system = specPromptV1.build({ ...input, complexity: 'large' })[0].content;
    expect(system).toContain('at most 25 functional requirements');
    expect(system).toContain('Foundation / Core features / Hardening and rollout');
  });
});
