import type { HandoffContext } from './handoff-context';

/**
 * Reference syntax in handoff text (templates and the content they pull in):
 *
 *   [[spec:<id>]]     → "<title> (spec <first 8 characters of the id>)"
 *   [[ticket:<KEY>]]  → "FG-3 — <title>"
 *   [[file:<path>]]   → "`src/a.ts` (TypeScript, 120 LOC)"
 *
 * Double brackets because the bare forms occur as data: every ticket carries `spec:<id>` as
 * its specRef, and prose says "ticket: FG-3". Kinds are lower-case; the target is trimmed.
 * References inside code (fenced blocks, inline code spans) are examples, not links, and are
 * left alone. Expansion is a single pass: a summary that itself contains `[[…]]` (a title, say)
 * is not expanded again, so the output is bounded. An unknown target stays as written and is
 * reported once in `warnings`.
 */
export interface ReferenceLookup {
  specs: ReadonlyMap<string, { title: string; content: string }>;
  tickets: ReadonlyMap<string, { title: string; content: string }>;
  files: ReadonlyMap<string, { language: string; loc: number; symbols: string[] }>;
}

export interface ExpandedText {
  text: string;
  warnings: string[];
}

/** The lookup for a rendered context: its specs, its tasks and its listed (capped) files. */
export function referenceLookup(ctx: HandoffContext): ReferenceLookup {
  return {
    specs: new Map(ctx.specs.map((s) => [s.id, s])),
    tickets: new Map(ctx.tickets.map((t) => [t.key, t])),
    files: new Map(ctx.codebaseFiles.map((f) => [f.path, f])),
  };
}

// An inline code span (kept as is) or a reference. Alternation order matters only on ties: the
// leftmost match wins, so a reference before a backtick is still expanded.
const INLINE = /(`+)[^\n]*?\1|\[\[(spec|ticket|file):([^[\]\n]+)\]\]/g;
// CommonMark fences: up to three spaces, then three or more backticks or tildes.
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;

/** The text cut into prose and fenced code; an unclosed fence runs to the end, as in CommonMark. */
function splitFences(text: string): { code: boolean; text: string }[] {
  const parts: { code: boolean; text: string }[] = [];
  let fence: string | null = null;
  for (const line of text.split(/(?<=\n)/)) {
    let code: boolean = fence !== null;
    if (fence === null) {
      const open = FENCE_OPEN.exec(line)?.[1];
      if (open) [fence, code] = [open, true];
    } else if (new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*\\r?\\n?$`).test(line)) {
      fence = null;
    }
    const last = parts.at(-1);
    if (last && last.code === code) last.text += line;
    else parts.push({ code, text: line });
  }
  return parts;
}

function summary(kind: string, target: string, lookup: ReferenceLookup): string | undefined {
  if (kind === 'ticket') {
    const ticket = lookup.tickets.get(target);
    return ticket && `${target} — ${ticket.title}`;
  }
  if (kind === 'spec') {
    const spec = lookup.specs.get(target);
    return spec && `${spec.title} (spec ${target.slice(0, 8)})`;
  }
  const file = lookup.files.get(target);
  if (!file) return undefined;
  const facts = [file.language, `${file.loc} LOC`].filter((f) => f.length > 0).join(', ');
  return `\`${target}\` (${facts})`;
}

export function expandReferences(text: string, lookup: ReferenceLookup): ExpandedText {
  const warnings = new Set<string>();
  const expanded = splitFences(text).map((part) =>
    part.code
      ? part.text
      : part.text.replace(INLINE, (match, _ticks, kind: string | undefined, raw: string | undefined) => {
          if (kind === undefined || raw === undefined) return match; // an inline code span
          const target = raw.trim();
          const found = summary(kind, target, lookup);
          if (found === undefined) warnings.add(`unknown ${kind} reference "${target}"`);
          return found ?? match;
        }),
  );
  return { text: expanded.join(''), warnings: [...warnings] };
}
