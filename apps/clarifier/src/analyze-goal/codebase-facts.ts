import type { CodebaseContext } from '@flowguard/contracts';

/** What the clarifier needs from a codebase context: its size, languages and the files everyone edits. */
export interface CodebaseFacts {
  fileCount: number;
  /** Languages by file count, most used first ("TypeScript (120)"). */
  languages: string[];
  /** Files many changes touch (manifests, module roots, routers, schemas, migrations) or very large ones. */
  hotFiles: string[];
  dependencies: string[];
  summary: string | null;
}

const EXTENSION_LANGUAGES: Record<string, string> = {
  ts: 'TypeScript',
  tsx: 'TypeScript',
  mts: 'TypeScript',
  js: 'JavaScript',
  jsx: 'JavaScript',
  mjs: 'JavaScript',
  py: 'Python',
  go: 'Go',
  rb: 'Ruby',
  java: 'Java',
  kt: 'Kotlin',
  swift: 'Swift',
  rs: 'Rust',
  cs: 'C#',
  php: 'PHP',
  sql: 'SQL',
};

/** Paths that many unrelated changes edit, so parallel work on them conflicts. */
const SHARED_FILE =
  /(^|\/)(package\.json|package-lock\.json|yarn\.lock|pnpm-lock\.yaml|tsconfig[\w.-]*\.json|app\.module\.ts|main\.tsx?|index\.tsx?|routes?\.[jt]sx?|router\.[jt]sx?|app\.[jt]sx?|schema\.prisma|schema\.graphql|types\.ts|constants\.ts)$|(^|\/)(migrations?|shared|common)\//;
/** A file this long is edited by most changes in its area. */
const LARGE_FILE_LOC = 800;
/**
 * Words that say the goal changes something that already exists: an existing system, or
 * reshaping (refactor, migrate, replace, rewrite, rename), which only applies to existing code.
 */
const EXISTING_SYSTEM =
  /\b(existing|currently|today|already|legacy|refactor\w*|migrate|migrating|rewrit\w*|renam\w*|restructur\w*)\b/i;
/** Path-looking words in a goal: at least one slash and an extension. */
const PATH_IN_TEXT = /(?:^|[\s`'"(])((?:[\w@.-]+\/)+[\w.-]+\.[A-Za-z]{1,5})(?=$|[\s`'"),;:])/g;

export function codebaseFactsOf(context: CodebaseContext | null): CodebaseFacts | null {
  const files = context?.files ?? [];
  if (!context || (files.length === 0 && !context.summary && !context.dependencies?.length)) return null;
  const counts = new Map<string, number>();
  for (const file of files) {
    const language = file.language || EXTENSION_LANGUAGES[extensionOf(file.path)];
    if (language) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  const languages = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([language, count]) => `${language} (${count})`);
  const hotFiles = files
    .filter((f) => isSharedPath(f.path) || (f.loc ?? 0) >= LARGE_FILE_LOC)
    .map((f) => f.path)
    .sort();
  return {
    fileCount: files.length,
    languages,
    hotFiles,
    dependencies: [...(context.dependencies ?? [])],
    summary: context.summary?.trim() || null,
  };
}

export function isSharedPath(path: string): boolean {
  return SHARED_FILE.test(path);
}

/** File paths written in the goal itself (`src/reports/ReportsPage.tsx`), deduplicated, in order. */
export function pathsMentionedIn(goal: string): string[] {
  const paths: string[] = [];
  for (const match of goal.matchAll(PATH_IN_TEXT)) if (!paths.includes(match[1])) paths.push(match[1]);
  return paths;
}

export function mentionsExistingSystem(text: string): boolean {
  return EXISTING_SYSTEM.test(text);
}

function extensionOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot >= 0 ? path.slice(dot + 1).toLowerCase() : '';
}
