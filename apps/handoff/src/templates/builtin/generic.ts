import { CODEBASE_SECTION, FOOTER, SPECS_SECTION, ticketsSection } from './markdown-sections';

/** Plain markdown for any coding agent (and the fallback for `custom`). */
export const GENERIC_TEMPLATE = `# {{epicTitle}}

You are a coding agent implementing the epic **{{epicTitle}}** (\`{{epicId}}\`) in an existing codebase. The specification says what to build; the tickets split it into steps in dependency order. Implement them one at a time, verify each, and report back.

## Instructions

1. Read the specification and skim every ticket before changing code.
2. Implement the tickets in the order listed. A ticket that is blocked by others starts only after those are done.
3. Keep each change limited to its ticket and consistent with the code around it.
4. Treat the acceptance criteria as the definition of done: add or update tests that prove each one.
5. Run the test suite, type-checker and linter after each ticket; fix failures before moving on.
6. If a requirement is ambiguous or contradicts the code, stop and ask instead of guessing.

## Specification

${SPECS_SECTION}
## Tickets ({{tickets.length}})

${ticketsSection()}
${CODEBASE_SECTION}
## Checklist before you finish

- [ ] Every ticket is implemented and its acceptance criteria are met
- [ ] New behaviour is covered by tests; the full test suite passes
- [ ] Type-check and lint are clean
- [ ] No unrelated changes, debug output or commented-out code left behind
- [ ] A short summary per ticket: what changed, where, and anything left open

${FOOTER}`;
