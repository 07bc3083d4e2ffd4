/**
 * Markdown helpers for the exports. Ticket text is model output (untrusted), so anything that
 * lands in a one-line context (heading, checkbox, table cell) is flattened, and list items keep
 * their continuation lines indented so a stray newline cannot end the item or start a heading.
 */

/** One-line text: a newline inside a heading or a checkbox line would break the structure. */
export const inline = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** A list item whose continuation lines stay inside the item. */
export const item = (marker: string, text: string, indent = ''): string =>
  `${indent}${marker} ${text.trim().replace(/\r?\n/g, `\n${indent}${' '.repeat(marker.length + 1)}`)}`;

/** A table cell: a raw "|" would start a new column. */
export const cell = (text: string): string => inline(text).replace(/\|/g, '\\|');

/** `src/a.ts` — files as inline code, with backticks in the path neutralised. */
export const code = (text: string): string => `\`${inline(text).replace(/`/g, "'")}\``;

/** The first paragraph of a description: enough for a summary line, the rest is in tickets/. */
export const firstParagraph = (text: string): string => inline(text.trim().split(/\r?\n\s*\r?\n/)[0] ?? '');

/** "[Reports API] Export the report" → "Export the report": formats with their own brackets. */
export const withoutComponent = (title: string): string => inline(title).replace(/^\[[^\]]*\]\s*/, '') || inline(title);

/** `FG-12`; anything outside the key alphabet is replaced, so a bad key cannot climb directories. */
export const safeKey = (key: string): string => key.replace(/[^A-Za-z0-9-]/g, '_');
