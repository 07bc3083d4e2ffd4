import { CODEBASE_SECTION, FOOTER, SPECS_SECTION, ticketsSection } from './markdown-sections';

/** Cursor (Agent mode): rules first, then a step-by-step plan; files as @-mentions. */
export const CURSOR_TEMPLATE = `# Implementation handoff: {{epicTitle}}

You are working in Cursor's Agent mode on the epic **{{epicTitle}}** (\`{{epicId}}\`). Follow the rules below, then work through the plan one step at a time. The files each ticket touches are @-mentioned: open them before you edit.

## Rules

- Follow the plan in order. A ticket whose "Blocked by" tickets are not done must wait.
- Read the mentioned files and their neighbours first; match the existing style, naming and patterns, and the project's \`.cursor/rules\` if it has them.
- Keep every change scoped to its ticket: no drive-by refactors, no new dependencies unless a ticket asks for one.
- The acceptance criteria are the definition of done; cover each with a test.
- After each step, run the tests, type-check and linter in the terminal and fix what fails before the next step.
- If the spec and the code disagree, or a requirement is ambiguous, stop and ask; do not guess.

## Plan

{{#each tickets}}
{{inc @index}}. **{{key}}** — {{title}} ({{estimatedEffort}}, {{priority}}){{#if blockedBy}} — after {{join blockedBy ", "}}{{/if}}
{{/each}}

## Specification

${SPECS_SECTION}
## Tickets

${ticketsSection('@{{this}}')}
${CODEBASE_SECTION}
## Before you finish

- [ ] Every step of the plan is done and each acceptance criterion is met
- [ ] Tests, type-check and linter pass
- [ ] Only files the tickets need were changed; no debug output or commented-out code left
- [ ] Summarise what changed per ticket and anything still open

${FOOTER}`;
