import { FOOTER } from './markdown-sections';

/**
 * Aider: terse and commit-oriented. Each ticket is one commit and lists the `/add` command for
 * its files, since Aider edits only the files added to the chat.
 */
export const AIDER_TEMPLATE = `# {{epicTitle}} ({{epicId}})

Implement the tickets below in order. One ticket = one commit. Be terse; change only what the ticket needs.

Rules:
- \`/add\` the ticket's files before starting it; add others only when needed.
- Start a ticket only after its "after" tickets are committed.
- Commit message: \`<KEY>: <title>\`.
- Add or update tests for each ticket; \`/test\` and \`/lint\` must pass before the commit.
- Unclear requirement: ask, don't guess.

{{#each specs}}
## Spec: {{title}} (v{{version}})

{{content}}

{{/each}}
{{#if codebaseFiles}}
## Codebase

{{#if codebaseContext}}
{{codebaseContext}}

{{/if}}
{{totalFiles}} files, {{totalLines}} LOC{{#if languages}}, {{join languages ", "}}{{/if}}.

{{#each codebaseFiles}}
- \`{{path}}\` ({{language}}, {{loc}} LOC): {{join symbols ", "}}
{{/each}}

{{else if codebaseContext}}
## Codebase

{{codebaseContext}}

{{/if}}
## Tickets

{{#each tickets}}
### {{inc @index}}. {{key}}: {{title}}

{{priority}} · {{estimatedEffort}} · {{status}}{{#if blockedBy}} · after {{join blockedBy ", "}}{{/if}}

{{#if files}}
\`\`\`
/add {{join files " "}}
\`\`\`

{{/if}}
{{#if acceptanceCriteria}}
Done when:
{{#each acceptanceCriteria}}
- {{this}}
{{/each}}

{{/if}}
{{content}}

Commit: \`{{key}}: {{title}}\`

{{/each}}
## Checklist

- [ ] One commit per ticket, in order
- [ ] Acceptance criteria met, tests added
- [ ] \`/test\` and \`/lint\` pass
- [ ] No unrelated changes

${FOOTER}`;
