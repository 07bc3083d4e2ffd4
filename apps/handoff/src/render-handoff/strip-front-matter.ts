// A YAML front-matter block: `---` on the first line (after an optional BOM), then lines up to
// a closing `---` (or YAML's `...`). An empty block (`---` right after `---`) counts too.
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/**
 * The markdown without its front matter. The spec and ticket exports carry ids, status and
 * provenance there for tools; in an agent prompt that block is noise the body already states.
 * Text without a (closed) block is returned unchanged: an unclosed `---` is a thematic break,
 * not metadata. Blank lines left at the top are dropped so a template controls the spacing.
 */
export function stripFrontMatter(markdown: string): string {
  const match = FRONT_MATTER.exec(markdown);
  if (!match) return markdown;
  return markdown.slice(match[0].length).replace(/^(?:[ \t]*\r?\n)+/, '');
}
