// A "model" for the fake OpenAI server that gives answers worth validating: it reads the
// structured input back out of the prompt the service sent and runs that service's own offline
// planner on it. So a workflow driven through the real openai client and the fake server plans
// the same as offline, and faults/latency can be layered on by the server. Bench-only: it loads
// the built apps' planners (npx nx run-many -t build).
import { createRequire } from 'node:module';
import path from 'node:path';
import { root } from './harness.mjs';

const require = createRequire(import.meta.url);
const dist = (app, file) => require(path.join(root, 'apps', app, 'dist', file));
const { analyzeGoalOffline } = dist('clarifier', 'analyze-goal/offline-clarification.js');
const { generateSpecOffline } = dist('spec-gen', 'generate-spec/offline-spec.js');
const { generateTicketsOffline } = dist('ticket-gen', 'generate-tickets/offline-tickets.js');

/** The first user message: repairs append more, the input is in the first. */
const userMessage = (body) => body.messages.find((m) => m.role === 'user').content;

const between = (text, start, end) => {
  const i = text.indexOf(start);
  if (i < 0) throw new Error(`prompt has no "${start.trim()}"`);
  const from = i + start.length;
  const j = end === undefined ? text.length : text.indexOf(end, from);
  if (j < 0) throw new Error(`prompt has no "${end.trim()}"`);
  return text.slice(from, j);
};

function clarificationInput(body) {
  return { goal: between(userMessage(body), '<<<GOAL\n', '\nGOAL>>>'), codebaseContext: null };
}

function specInput(body) {
  const text = userMessage(body);
  const restated = between(text, '## Restated\n', '\n\n## Complexity\n');
  const answersText = between(text, '## Answers\n', '\n\n## Assumptions (copy verbatim)\n');
  const answers = [...answersText.matchAll(/^- ([^:\n]+): (.*)\n {2}Answer: (.*)$/gm)].map(
    ([, questionId, question, answer]) => ({
      questionId,
      question,
      answer,
    }),
  );
  const tail = between(text, '## Assumptions (copy verbatim)\n');
  const assumptions = tail.split('\n\n## Codebase context')[0].trim();
  return {
    goal: between(text, '## Goal\n', '\n\n## Restated\n'),
    restated: {
      goal: between(restated, 'GOAL: ', '\nSCOPE: '),
      scope: between(restated, '\nSCOPE: ', '\nCONTEXT: '),
      context: between(restated, '\nCONTEXT: '),
    },
    complexity: between(text, '## Complexity\n', '\n\n## Answers\n').trim(),
    answers,
    assumptions: JSON.parse(assumptions),
    codebaseContext: null,
  };
}

function ticketsInput(body) {
  const text = userMessage(body);
  const request = JSON.parse(text.slice(text.indexOf('\n') + 1));
  return {
    specId: request.specId,
    spec: request.spec,
    complexity: request.complexity,
    maxTickets: request.maxTickets,
    priorityDistribution: request.priorityDistribution,
    keyPrefix: request.keyPrefix,
  };
}

/** A prompt this model cannot read back answers with an error object (the schema rejects it). */
const safely = (purpose, answer) => (body) => {
  try {
    return answer(body);
  } catch (err) {
    console.error(`fake model could not answer ${purpose}: ${err.message}`);
    return { error: err.message };
  }
};

/** `responses` for FakeOpenAiServer: one function per purpose. */
export const plannerResponses = {
  clarification: safely('clarification', (body) => analyzeGoalOffline(clarificationInput(body))),
  spec: safely('spec', (body) => generateSpecOffline(specInput(body))),
  tickets: safely('tickets', (body) => generateTicketsOffline(ticketsInput(body))),
};
