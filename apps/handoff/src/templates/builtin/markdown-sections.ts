/**
 * Markdown sections shared by the markdown built-ins. They are spliced into each template's
 * source when the module loads, so a stored or exported template stays self-contained: a
 * tenant copies one and edits it without needing any partial.
 */

/** Every spec, in full. */
export const SPECS_SECTION = `{{#each specs}}
### {{title}} (v{{version}})

{{content}}

{{/each}}`;

/**
 * Every ticket in dependency order with its fields, acceptance criteria and markdown.
 * `file` renders one entry of `files` (`{{this}}`), e.g. as an @-mention for Cursor.
 */
export function ticketsSection(file = '`{{this}}`'): string {
  return `{{#each tickets}}
### {{inc @index}}. {{key}} — {{title}}

- **Priority:** {{priority}} · **Effort:** {{estimatedEffort}} · **Status:** {{status}} · **Level:** {{level}} ({{kind}})
- **Blocked by:** {{#if blockedBy}}{{join blockedBy ", "}}{{else}}nothing — can start right away{{/if}}
{{#if files}}
- **Files:** {{#each files}}${file}{{#unless @last}}, {{/unless}}{{/each}}
{{/if}}
{{#if acceptanceCriteria}}

**Acceptance criteria**

{{#each acceptanceCriteria}}
- [ ] {{this}}
{{/each}}
{{/if}}

{{content}}

{{/each}}`;
}

/** Client-supplied codebase context; each part shown only when it was supplied. */
export const CODEBASE_SECTION = `{{#if codebaseContext}}
## Codebase context

{{codebaseContext}}

{{/if}}
{{#if codebaseFiles}}
## Relevant files

The repository has {{totalFiles}} files and {{totalLines}} lines of code{{#if languages}} ({{join languages ", "}}){{/if}}. The files that matter for this work:

| File | Language | LOC | Symbols |
| --- | --- | ---: | --- |
{{#each codebaseFiles}}
| \`{{path}}\` | {{language}} | {{loc}} | {{join symbols ", "}} |
{{/each}}

{{#if dependencies}}
Dependencies: {{join dependencies ", "}}

{{/if}}
{{/if}}`;

/** Provenance line closing every markdown handoff. */
export const FOOTER = `---
_Handoff for {{agentType}} prepared by {{author}} on {{timestamp}} · epic {{epicId}} · workflow {{workflowId}}_
`;
