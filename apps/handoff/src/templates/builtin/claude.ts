/**
 * Claude Code: documents in XML-tagged sections first, instructions last (Claude follows
 * instructions placed after long context best). Titles are elements rather than attributes,
 * so a title with quotes cannot break the markup, and the prose never writes a tag name in
 * angle brackets, so every tag in the output is a real, balanced one.
 */
export const CLAUDE_TEMPLATE = `You are Claude Code, implementing the epic "{{epicTitle}}" in this repository. The specification, tickets and codebase notes below come from a planning step; read all of them before you change anything, then follow the instructions at the end.

<context>
Epic: {{epicTitle}} ({{epicId}})
Workflow: {{workflowId}}, prepared by {{author}} on {{timestamp}} for {{agentType}}
{{#if codebaseContext}}
<codebase_summary>
{{codebaseContext}}
</codebase_summary>
{{/if}}
{{#if codebaseFiles}}
<codebase total_files="{{totalFiles}}" total_lines="{{totalLines}}" languages="{{join languages ", "}}">
{{#each codebaseFiles}}
<file path="{{path}}" language="{{language}}" loc="{{loc}}">{{join symbols ", "}}</file>
{{/each}}
</codebase>
{{#if dependencies}}
<dependencies>{{join dependencies ", "}}</dependencies>
{{/if}}
{{/if}}
</context>

<specs>
{{#each specs}}
<spec id="{{id}}" version="{{version}}">
<title>{{title}}</title>
<content>
{{content}}
</content>
</spec>
{{/each}}
</specs>

<tickets count="{{tickets.length}}">
{{#each tickets}}
<ticket key="{{key}}" order="{{inc @index}}" level="{{level}}" kind="{{kind}}" priority="{{priority}}" effort="{{estimatedEffort}}" status="{{status}}">
<title>{{title}}</title>
{{#if blockedBy}}
<blocked_by>{{join blockedBy ", "}}</blocked_by>
{{/if}}
{{#if files}}
<files>{{join files ", "}}</files>
{{/if}}
{{#if acceptanceCriteria}}
<acceptance_criteria>
{{#each acceptanceCriteria}}
- {{this}}
{{/each}}
</acceptance_criteria>
{{/if}}
<content>
{{content}}
</content>
</ticket>
{{/each}}
</tickets>

<instructions>
1. Start by exploring: read the files named in the context and in each ticket's files, and find the tests that cover them. Do not edit yet.
2. Implement the tickets in the order given. A ticket that is blocked by others starts only after those tickets are done.
3. For each ticket, make the smallest change that satisfies its acceptance criteria, consistent with the surrounding code and the repository's CLAUDE.md if present.
4. Write or update tests that prove each acceptance criterion, then run the test suite, type-check and linter; fix failures before the next ticket.
5. If a requirement is ambiguous or conflicts with the code, stop and ask rather than guess.
6. Before finishing, check every item:
   - every ticket is implemented and its acceptance criteria are met;
   - tests, type-check and lint pass;
   - no unrelated edits, debug output or commented-out code;
   - a closing summary per ticket key: what changed, where, and anything left open.
</instructions>
`;
