import fs from 'node:fs';
import path from 'node:path';
import type { CodebaseContext } from '@flowguard/contracts';
import ignore, { type Ignore } from 'ignore';

export const MAX_FILES = 2_000;
export const MAX_FILE_BYTES = 256 * 1024;
/** Directories never worth sending, whatever .gitignore says. */
const ALWAYS_SKIP = new Set(['node_modules', '.git', 'dist']);
const MAX_SYMBOLS = 200;
/** The gateway takes bodies up to 1 MB by default; symbols are trimmed to stay well below. */
const MAX_CONTEXT_CHARS = 600_000;

const LANGUAGES: Record<string, string> = {
  '.ts': 'TypeScript',
  '.tsx': 'TypeScript',
  '.mts': 'TypeScript',
  '.cts': 'TypeScript',
  '.js': 'JavaScript',
  '.jsx': 'JavaScript',
  '.mjs': 'JavaScript',
  '.cjs': 'JavaScript',
  '.py': 'Python',
  '.go': 'Go',
  '.rs': 'Rust',
  '.java': 'Java',
  '.kt': 'Kotlin',
  '.rb': 'Ruby',
  '.php': 'PHP',
  '.cs': 'C#',
  '.c': 'C',
  '.h': 'C',
  '.cpp': 'C++',
  '.hpp': 'C++',
  '.swift': 'Swift',
  '.scala': 'Scala',
  '.sh': 'Shell',
  '.sql': 'SQL',
  '.html': 'HTML',
  '.css': 'CSS',
  '.scss': 'SCSS',
  '.vue': 'Vue',
  '.svelte': 'Svelte',
  '.json': 'JSON',
  '.yaml': 'YAML',
  '.yml': 'YAML',
  '.toml': 'TOML',
  '.md': 'Markdown',
};

export function languageOf(file: string): string | undefined {
  return LANGUAGES[path.extname(file).toLowerCase()];
}

const TS_EXPORT =
  /^[ \t]*export[ \t]+(?:default[ \t]+)?(?:declare[ \t]+)?(?:abstract[ \t]+)?(?:async[ \t]+)?(?:function\*?|class|const|let|var|interface|type|enum)[ \t]+([A-Za-z_$][\w$]*)/gm;
const PY_TOP_LEVEL = /^(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_]\w*)/gm;
const GO_FUNC = /^func[ \t]+(?:\([^)]*\)[ \t]*)?([A-Za-z_]\w*)/gm;

/** Exported (TS/JS), top-level (Python) or declared (Go) names, by simple regexes. */
export function symbolsOf(language: string | undefined, text: string): string[] {
  const re =
    language === 'TypeScript' || language === 'JavaScript'
      ? TS_EXPORT
      : language === 'Python'
        ? PY_TOP_LEVEL
        : language === 'Go'
          ? GO_FUNC
          : undefined;
  if (!re) return [];
  const names = new Set<string>();
  for (const m of text.matchAll(re)) names.add(m[1].slice(0, 200));
  return [...names].slice(0, MAX_SYMBOLS);
}

/** Lines that are not blank. */
export const locOf = (text: string) => text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '').length;

/** A NUL byte in the first 8 KiB is what git calls binary, too. */
const isBinary = (buf: Buffer) => buf.subarray(0, 8192).includes(0);

interface Rules {
  /** The directory the .gitignore sits in, relative to the scan root ('' for the root). */
  base: string;
  ig: Ignore;
}

/** .gitignore files apply to their own directory and below, each relative to where it sits. */
function ignored(rules: Rules[], rel: string, isDir: boolean): boolean {
  for (const { base, ig } of rules) {
    const sub = base ? (rel.startsWith(`${base}/`) ? rel.slice(base.length + 1) : undefined) : rel;
    if (sub && ig.ignores(isDir ? `${sub}/` : sub)) return true;
  }
  return false;
}

export interface ScanResult {
  context: CodebaseContext;
  skipped: { ignored: number; binary: number; large: number; truncated: boolean };
}

/**
 * Walks `dir` like git would see it (every .gitignore honoured; node_modules, .git and dist
 * always skipped), reads text files up to 256 KiB, at most 2,000 of them, and describes each:
 * path, language, lines of code and its exported symbols.
 */
export function scanCodebase(dir: string): ScanResult {
  const root = path.resolve(dir);
  if (!fs.statSync(root).isDirectory()) throw new Error(`${dir} is not a directory`);
  const files: CodebaseContext['files'] = [];
  const skipped = { ignored: 0, binary: 0, large: 0, truncated: false };

  const walk = (relDir: string, inherited: Rules[]): void => {
    const abs = path.join(root, relDir);
    let rules = inherited;
    const gitignore = path.join(abs, '.gitignore');
    if (fs.existsSync(gitignore)) {
      rules = [...inherited, { base: relDir, ig: ignore().add(fs.readFileSync(gitignore, 'utf8')) }];
    }
    const entries = fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (files.length >= MAX_FILES) {
        skipped.truncated = true;
        return;
      }
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (ALWAYS_SKIP.has(entry.name) || ignored(rules, rel, true)) {
          skipped.ignored++;
          continue;
        }
        walk(rel, rules);
        continue;
      }
      if (!entry.isFile()) continue; // symlinks, sockets: not part of the code
      if (ignored(rules, rel, false)) {
        skipped.ignored++;
        continue;
      }
      const full = path.join(abs, entry.name);
      if (fs.statSync(full).size > MAX_FILE_BYTES) {
        skipped.large++;
        continue;
      }
      const buf = fs.readFileSync(full);
      if (isBinary(buf)) {
        skipped.binary++;
        continue;
      }
      const text = buf.toString('utf8');
      const language = languageOf(entry.name);
      const symbols = symbolsOf(language, text);
      files.push({
        path: rel.slice(0, 500),
        ...(language ? { language } : {}),
        loc: locOf(text),
        ...(symbols.length ? { symbols } : {}),
      });
    }
  };
  walk('', []);

  const dependencies = readDependencies(root);
  const context: CodebaseContext = {
    summary: summarize(path.basename(root), files, dependencies, skipped),
    files,
    ...(dependencies.length ? { dependencies } : {}),
  };
  return { context: fitBody(context), skipped };
}

/** `name@range` of package.json's dependencies and devDependencies, when there is one. */
function readDependencies(root: string): string[] {
  const file = path.join(root, 'package.json');
  if (!fs.existsSync(file)) return [];
  try {
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, string> | undefined>;
    return Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })
      .map(([name, range]) => `${name}@${range}`.slice(0, 200))
      .slice(0, 500);
  } catch {
    return [];
  }
}

function summarize(
  name: string,
  files: CodebaseContext['files'],
  dependencies: string[],
  skipped: ScanResult['skipped'],
): string {
  const loc = files.reduce((n, f) => n + (f.loc ?? 0), 0);
  const byLanguage = new Map<string, number>();
  for (const f of files) if (f.language) byLanguage.set(f.language, (byLanguage.get(f.language) ?? 0) + (f.loc ?? 0));
  const languages = [...byLanguage.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([lang, n]) => `${lang} ${n}`)
    .join(', ');
  const parts = [
    `${name}: ${files.length} files, ${loc} lines of code`,
    languages && `by language (LOC): ${languages}`,
    dependencies.length > 0 && `${dependencies.length} package dependencies`,
    skipped.truncated && `listing truncated at ${MAX_FILES} files`,
  ].filter(Boolean);
  return `${parts.join('; ')}.`.slice(0, 20_000);
}

/** Keeps the request body bounded: fewer symbols per file until it fits, then none. */
function fitBody(context: CodebaseContext): CodebaseContext {
  for (const limit of [MAX_SYMBOLS, 50, 10, 0]) {
    const trimmed = {
      ...context,
      files: context.files.map((f) =>
        f.symbols && f.symbols.length > limit
          ? { ...f, ...(limit ? { symbols: f.symbols.slice(0, limit) } : { symbols: undefined }) }
          : f,
      ),
    };
    if (JSON.stringify(trimmed).length <= MAX_CONTEXT_CHARS || limit === 0) return trimmed;
  }
  return context;
}
