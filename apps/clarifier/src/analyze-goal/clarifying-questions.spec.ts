import { analyzeGoalOffline } from './offline-clarification';

const questionsFor = (goal: string): string[] =>
  analyzeGoalOffline({ goal, codebaseContext: null }).questions.map((q) => q.text);

describe('clarifying question rules', () => {
  it('asks about permissions when roles are named without any, and not once access is stated', () => {
    const roles = 'Admins and members can pin boards. Pinned boards must show first.';
    expect(questionsFor(roles)[0]).toBe(
      'Who may use this and who may change it? The goal mentions admin, member but says nothing about permissions.',
    );
    expect(questionsFor(`${roles} Only admins can unpin boards.`).join(' ')).not.toMatch(/permissions/);
  });

  it('asks where kept data lives unless a store is named', () => {
    const goal = 'Comments must store the history of every edit.';
    expect(questionsFor(goal)).toContain('Where should the data this feature keeps be stored?');
    expect(questionsFor(`${goal} Use PostgreSQL.`)).not.toContain(
      'Where should the data this feature keeps be stored?',
    );
  });

  it('asks for a rollout plan only for large work that has none', () => {
    const bullets = Array.from({ length: 12 }, (_, i) => `- Requirement number ${i + 1} for the importer`).join('\n');
    const large = `# Importer\n\n## Requirements\n\n${bullets}\n`;
    expect(questionsFor(large)).toContain('How should this be rolled out and verified?');
    expect(questionsFor(`${large}\n## Rollout\n\nBehind a feature flag.\n`)).not.toContain(
      'How should this be rolled out and verified?',
    );
  });

  it('turns open questions into questions: yes/no ones get choices, others an explicit assumption', () => {
    const output = analyzeGoalOffline({
      goal: 'Add tags to notes. Tags must be searchable.\n\nOpen questions:\n- Should tags be shared across workspaces?\n- Which colours do tags get\n',
      codebaseContext: null,
    });
    expect(output.questions.slice(0, 2)).toEqual([
      expect.objectContaining({ id: 'Q1', text: 'Should tags be shared across workspaces?', choices: ['yes', 'no'] }),
      expect.objectContaining({
        id: 'Q2',
        text: 'Which colours do tags get?',
        choices: [],
        defaultAnswer: expect.stringMatching(/assumption/),
      }),
    ]);
  });

  it('never asks more than five questions', () => {
    const goal = [
      'Admins and members use the dashboard; it must save the history of every change and offer an export.',
      'Users may pick a colour. Charts may animate. Tables should sort.',
      'Open questions:',
      '- Do we need SSO?',
      '- Do we need audit?',
      '- Do we need dark mode?',
    ].join('\n');
    const output = analyzeGoalOffline({ goal, codebaseContext: null });
    expect(output.questions).toHaveLength(5);
    expect(output.questions.map((q) => q.id)).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q5']);
  });
});
