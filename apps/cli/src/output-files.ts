import fs from 'node:fs';
import path from 'node:path';
import { CliError, EXIT } from './errors';

export interface OutputFile {
  path: string;
  content: string;
}

/**
 * Writes files under `dir`, creating folders. Paths come from the server, so one that would
 * land outside `dir` (absolute, `..`) is refused rather than written.
 */
export function writeFiles(dir: string, files: readonly OutputFile[]): string[] {
  const root = path.resolve(dir);
  const written: string[] = [];
  for (const file of files) {
    const target = path.resolve(root, file.path);
    if (path.isAbsolute(file.path) || !target.startsWith(`${root}${path.sep}`)) {
      throw new CliError(`refusing to write ${JSON.stringify(file.path)}: outside ${dir}`, EXIT.server);
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content);
    written.push(target);
  }
  return written;
}

/** `.flowguard/tickets/*.md (12 files)` style summary lines, one per folder or file. */
export function describeWritten(dir: string, written: readonly string[]): string[] {
  const root = path.resolve(dir);
  const groups = new Map<string, string[]>();
  for (const file of written) {
    const rel = path.relative(root, file);
    const folder = path.dirname(rel);
    const key = folder === '.' ? rel : `${folder}/*${path.extname(rel)}`;
    groups.set(key, [...(groups.get(key) ?? []), rel]);
  }
  const fromCwd = path.relative(process.cwd(), root);
  const shown = !fromCwd ? '.' : fromCwd.startsWith('..') ? root : fromCwd;
  return [...groups.entries()].map(([key, files]) =>
    files.length === 1 ? `  ${path.join(shown, files[0])}` : `  ${path.join(shown, key)}  (${files.length} files)`,
  );
}
