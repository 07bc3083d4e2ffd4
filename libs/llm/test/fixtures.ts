import { ClarificationOutput, type ClarificationInput } from '@flowguard/contracts';
import type { PromptDefinition } from '../src';

export const validClarification: ClarificationOutput = {
  restated: { goal: 'Add CSV export', scope: 'Reports page', context: 'TypeScript/React app' },
  complexity: 'small',
  conflictRisk: { level: 'low', reasons: [] },
  questions: [
    {
      id: 'Q1',
      text: 'Should exports include hidden columns?',
      whyItMatters: 'Changes the export query',
      defaultAnswer: 'No, visible columns only',
      choices: ['yes', 'no'],
    },
  ],
};

/** A minimal prompt for the lib's own tests; real prompts live in the services. */
export const testPrompt: PromptDefinition<ClarificationInput, ClarificationOutput> = {
  id: 'clarification-test',
  version: 1,
  purpose: 'clarification',
  outputSchema: ClarificationOutput,
  build: (input) => [
    { role: 'system', content: 'Return the clarification JSON.' },
    { role: 'user', content: input.goal },
  ],
};
