/**
 * Line-level structure of a PRD: headings, paragraphs and list items. Covers the markdown
 * PRDs are written in (ATX and setext headings, dash, star, plus and numbered bullets, task lists, tables,
 * quotes, and fenced code, which is skipped) and plain text, where a short line ending in a colon
 * ("Requirements:") acts as a heading and the lines under it as its items.
 */

export type Block =
  | { kind: 'heading'; text: string; level: number }
  | { kind: 'paragraph'; lines: string[] }
  | { kind: 'bullet'; text: string };

const ATX = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const BULLET = /^(\s*)(?:[-*+•]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?(.*)$/;
const FENCE = /^\s*(```|~~~)/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)\s*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_SEPARATOR = /^\s*\|?(?:\s*:?-+:?\s*\|)+\s*(?::?-+:?\s*)?\|?\s*$/;
const LABEL = /^(?:\*\*|__)?([A-Za-z][\w /&'()-]{0,58}?)\s*:(?:\*\*|__)?\s*$/;
const BOLD_LINE = /^(?:\*\*|__)([^*_]{1,60}?)(?:\*\*|__)$/;

export function parseBlocks(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let bullet: { text: string; indent: number } | null = null;
  let afterBlank = true;
  let inFence = false;
  // Plain-text "Label:" sections turn their following lines into items until a blank line.
  let labelItems = false;
  let deepestHeading = 0;

  const flushParagraph = (): void => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', lines: paragraph });
    paragraph = [];
  };
  const flushBullet = (): void => {
    if (bullet) blocks.push({ kind: 'bullet', text: bullet.text.trim() });
    bullet = null;
  };
  const flush = (): void => {
    flushParagraph();
    flushBullet();
  };
  const heading = (title: string, level: number): void => {
    flush();
    deepestHeading = level;
    blocks.push({ kind: 'heading', text: title, level });
  };

  for (let i = 0; i < lines.length; i++) {
    if (FENCE.test(lines[i])) {
      flush();
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const line = lines[i].replace(/^\s{0,3}>\s?/, '');
    const trimmed = line.trim();

    if (!trimmed) {
      flushParagraph();
      afterBlank = true;
      labelItems = false;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      heading(atx[2], atx[1].length);
      afterBlank = false;
      continue;
    }
    if (SETEXT_UNDERLINE.test(line) && paragraph.length === 1 && !bullet) {
      const title = paragraph[0];
      paragraph = [];
      heading(title, line.trim().startsWith('=') ? 1 : 2);
      continue;
    }
    if (THEMATIC_BREAK.test(line) || SETEXT_UNDERLINE.test(line)) {
      flush();
      continue;
    }
    if (TABLE_ROW.test(line)) {
      flush();
      // The header row (the one above the |---| separator) names columns, it states nothing.
      if (TABLE_SEPARATOR.test(lines[i + 1] ?? '')) i++;
      else if (!TABLE_SEPARATOR.test(line)) bullet = { text: tableCells(line).join('; '), indent: 0 };
      flushBullet();
      continue;
    }
    const item = BULLET.exec(line);
    if (item) {
      flush();
      bullet = { text: item[2], indent: item[1].length };
      afterBlank = false;
      continue;
    }
    // A line right under an item, or indented past its marker after a blank, continues it.
    if (bullet && (!afterBlank || indentOf(line) > bullet.indent)) {
      bullet.text += ` ${trimmed}`;
      afterBlank = false;
      continue;
    }
    flushBullet();
    if (labelItems) {
      blocks.push({ kind: 'bullet', text: trimmed });
      continue;
    }
    const label = paragraph.length === 0 ? labelHeading(trimmed) : null;
    if (label && hasContentAfter(lines, i)) {
      heading(label, deepestHeading > 0 ? Math.min(6, deepestHeading + 1) : 2);
      labelItems = !BOLD_LINE.test(trimmed);
      afterBlank = false;
      continue;
    }
    paragraph.push(trimmed);
    afterBlank = false;
  }
  flush();
  return blocks;
}

/** "Requirements:" or "**Open questions**" on a line of its own, at most six words. */
function labelHeading(line: string): string | null {
  const match = LABEL.exec(line) ?? BOLD_LINE.exec(line);
  if (!match) return null;
  const words = match[1].trim().split(/\s+/);
  return words.length <= 6 ? match[1].replace(/:$/, '').trim() : null;
}

function hasContentAfter(lines: string[], index: number): boolean {
  return lines.slice(index + 1).some((l) => l.trim().length > 0);
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function tableCells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim())
    .filter(Boolean);
}
