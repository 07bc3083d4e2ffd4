import type { CodebaseContext } from '@flowguard/contracts';
import type { HandoffContext, HandoffFileVar } from './handoff-context';

/** Files listed in a prompt: beyond this the list costs more context than it helps. */
export const MAX_CODEBASE_FILES = 200;
/** Symbols listed per file: enough to recognise a module without dumping its API. */
export const MAX_SYMBOLS_PER_FILE = 20;

export type CodebaseVars = Pick<
  HandoffContext,
  'codebaseContext' | 'totalFiles' | 'totalLines' | 'languages' | 'codebaseFiles'
>;

/**
 * The codebase part of a handoff context. Totals count every file the client sent; only the
 * listing is capped, and the cap is stated in `codebaseContext` so the agent knows the list is
 * partial rather than assuming the rest of the repository does not exist.
 */
export function codebaseVars(codebase: CodebaseContext | null): CodebaseVars {
  // One entry per path (the first wins): a client that sends a file twice must not double the totals.
  const byPath = new Map<string, CodebaseContext['files'][number]>();
  for (const file of codebase?.files ?? []) if (!byPath.has(file.path)) byPath.set(file.path, file);
  const files = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  // Languages group case-insensitively ("typescript" and "TypeScript" are one), shown with
  // the first spelling met in path order, so the result does not depend on input order.
  const languages = new Map<string, { name: string; loc: number }>();
  for (const file of files) {
    const name = file.language?.trim();
    if (!name) continue;
    const entry = languages.get(name.toLowerCase()) ?? { name, loc: 0 };
    entry.loc += file.loc ?? 0;
    languages.set(name.toLowerCase(), entry);
  }

  const symbolsCapped = files.some((f) => (f.symbols?.length ?? 0) > MAX_SYMBOLS_PER_FILE);
  const codebaseFiles: HandoffFileVar[] = files.slice(0, MAX_CODEBASE_FILES).map((f) => ({
    path: f.path,
    language: f.language?.trim() ?? '',
    loc: f.loc ?? 0,
    symbols: (f.symbols ?? []).slice(0, MAX_SYMBOLS_PER_FILE),
  }));

  const notes: string[] = [];
  if (files.length > MAX_CODEBASE_FILES) {
    notes.push(
      `The file list shows the first ${MAX_CODEBASE_FILES} of ${files.length} files by path; the totals count all of them.`,
    );
  }
  if (symbolsCapped) notes.push(`Symbols are listed up to ${MAX_SYMBOLS_PER_FILE} per file.`);
  const summary = codebase?.summary?.trim() ?? '';

  return {
    codebaseContext: [summary, ...notes].filter((part) => part.length > 0).join('\n\n'),
    totalFiles: files.length,
    totalLines: files.reduce((sum, f) => sum + (f.loc ?? 0), 0),
    languages: [...languages.values()]
      .sort((a, b) => b.loc - a.loc || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((l) => l.name),
    codebaseFiles,
  };
}
