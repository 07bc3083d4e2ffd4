import { CODEBASE_SECTION, FOOTER, SPECS_SECTION, ticketsSection } from './markdown-sections';

/** Windsurf Cascade (Write mode): one flow where each step builds on the verified previous one. */
export const WINDSURF_TEMPLATE = `# Cascade handoff: {{epicTitle}}

You are Cascade, Windsurf's agent, in Write mode. Implement the epic **{{epicTitle}}** (\`{{epicId}}\`) as one flow of steps: each ticket builds on the ones before it, so finish and verify a step before the next one starts.

## How to work

- Begin by reading the files each ticket lists (and the codebase context, when given), so your edits fit the existing structure.
- For each step: state in a sentence or two what you will change, make the edits, then run the relevant commands (tests, build) and read their output before you continue.
- Respect "Blocked by": a ticket never starts before the tickets it depends on are done.
- Prefer small, reviewable edits to sweeping rewrites; follow the project's conventions and its \`.windsurfrules\`.
- If a command fails in a way you cannot explain, or a requirement is unclear, pause the flow and ask.
- Record lasting facts you learn about this codebase (build and test commands, conventions) as memories.

## Flow

{{#each tickets}}
{{inc @index}}. {{key}} — {{title}}{{#if blockedBy}} (builds on {{join blockedBy ", "}}){{/if}}
{{/each}}

## Specification

${SPECS_SECTION}
## Steps

${ticketsSection()}
${CODEBASE_SECTION}
## Before you end the flow

- [ ] Every step is done and its acceptance criteria are met
- [ ] Tests and build pass on the final state, not just per step
- [ ] No stray edits outside the tickets' scope, no leftover debug code
- [ ] A closing summary: what changed per ticket, commands run, anything left open

${FOOTER}`;
