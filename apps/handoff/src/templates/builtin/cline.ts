import { CODEBASE_SECTION, FOOTER, SPECS_SECTION, ticketsSection } from './markdown-sections';

/** Cline: plan in Plan mode and wait for approval, then implement in Act mode. */
export const CLINE_TEMPLATE = `# Task: {{epicTitle}}

You are Cline, implementing the epic **{{epicTitle}}** (\`{{epicId}}\`) in this repository.

## Plan mode (first)

1. Read the specification and every ticket below.
2. Explore before proposing: read the files each ticket lists and search for related code. Do not edit anything yet.
3. Reply with a plan: per ticket, the files you will change or create, the approach, and how you will verify it. Call out any requirement that is unclear or conflicts with the code.
4. Wait for the plan to be approved.

## Act mode (after approval)

- Implement the tickets in the order below; never start one before the tickets it is blocked by are done.
- Use targeted edits (\`replace_in_file\`) for existing files and \`write_to_file\` only for new ones; follow the repository's \`.clinerules\` if present.
- After each ticket run the tests and linter with \`execute_command\`, read the output, and fix failures before moving on.
- Keep changes to what the tickets ask for; ask a follow-up question instead of guessing.
- When everything is done and verified, finish with \`attempt_completion\` and a summary per ticket.

## Order

{{#each tickets}}
{{inc @index}}. {{key}} — {{title}}{{#if blockedBy}} (blocked by {{join blockedBy ", "}}){{/if}}
{{/each}}

## Specification

${SPECS_SECTION}
## Tickets

${ticketsSection()}
${CODEBASE_SECTION}
## Completion checklist

- [ ] The approved plan was followed; deviations are explained
- [ ] Every acceptance criterion is met and covered by a test
- [ ] Tests and linter pass
- [ ] No unrelated edits or leftover debug code
- [ ] \`attempt_completion\` summarises each ticket and anything left open

${FOOTER}`;
