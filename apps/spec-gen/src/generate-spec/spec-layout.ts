import type { CodebaseContext } from '@flowguard/contracts';
import { overlap, unique } from './spec-text';

/**
 * Where new files go. Generated paths follow the layout the PRD and the codebase context
 * show (their language, their `src` roots, the folder the feature already lives in), so a
 * plan for a Python service does not propose `.ts` files and a plan for `api/src/reports`
 * does not invent a second backend.
 */
export interface Layout {
  language: 'ts' | 'js' | 'py' | 'go';
  /** Extension of UI component files: tsx, jsx, vue, svelte, ts or js. */
  uiExt: string;
  backendRoot: string;
  frontendRoot: string;
  mobileRoot: string;
  /** Existing folders that already hold the feature (e.g. `api/src/reports`), when known. */
  backendDir: string | null;
  frontendDir: string | null;
  /** Existing files, by area, so the plan modifies them instead of creating look-alikes. */
  existing: Set<string>;
}

const CODE_EXT = 'tsx?|jsx?|mjs|cjs|py|go|rb|java|kt|rs|sql|prisma|vue|svelte|cs|php|swift';
// A path-like token: a directory part and an extension, or a bare code file name. The
// look-behind keeps URLs (`https://host/x.html`) from matching half-way through.
const PATH_RE = new RegExp(
  `(?<![\\w@/.:-])((?:[\\w@.-]+/)+[\\w@.-]+\\.[A-Za-z0-9]{1,6}|[\\w-]+(?:\\.[\\w-]+)*\\.(?:${CODE_EXT}))(?![\\w/])`,
  'g',
);
/** Product names that look like file names. */
const NOT_A_FILE = /^(node|next|nuxt|vue|express|ember|chart|three|alpine|solid|nest|deno|moment|d3|socket\.io)\.js$/i;
const UI_PATH = /\.(tsx|jsx|vue|svelte)$|(^|\/)(web|client|frontend|ui|app\/components)\//;
const BACKEND_TECH = /nestjs|express|node\.js|django|flask|fastapi|rails|\bgo\b|spring|laravel|phoenix/i;
const WEB_TECH = /\breact\b(?! native)|vue|angular|svelte|next\.js/i;

export interface MentionedPath {
  path: string;
  action: 'create' | 'modify' | 'delete';
  /** The PRD sentence that names the file: the best description of why it changes. */
  sentence: string;
}

export function mentionedPaths(text: string): MentionedPath[] {
  const found: MentionedPath[] = [];
  // Paragraph lines are re-joined first so a sentence wrapped over two lines stays one.
  const joined = text.replace(/([^\n])\n(?![\n\s]*([-*+#]|\d+[.)]))/g, '$1 ');
  for (const sentence of joined.split(/\n|(?<=[.!?])\s+(?=[A-Z`])/)) {
    for (const m of sentence.matchAll(PATH_RE)) {
      const path = m[1].replace(/^\.\//, '');
      if (NOT_A_FILE.test(path) || /^\d+(\.\d+)+$/.test(path)) continue;
      // Words around the path say whether it exists yet ("a new file …") or goes away.
      const action = /\b(new|create|introduce|add a)\b/i.test(sentence)
        ? 'create'
        : /\b(remove|delete|drop|retire)\b/i.test(sentence)
          ? 'delete'
          : 'modify';
      found.push({
        path,
        action,
        sentence: sentence
          .replace(/[`*_]/g, '')
          .replace(/^[-*+#\s]+/, '')
          .trim(),
      });
    }
  }
  const full = found.filter((f) => f.path.includes('/')).map((f) => f.path);
  // A bare `ReportsPage.tsx` that is also written out in full is the same file.
  return unique(
    found.filter((f) => f.path.includes('/') || !full.some((p) => p.endsWith(`/${f.path}`))),
    (f) => f.path,
  );
}

function rootOf(path: string): string {
  const parts = path.split('/');
  const src = parts.indexOf('src');
  if (src >= 0) return parts.slice(0, src + 1).join('/');
  return parts.length > 1 ? parts[0] : '';
}

function mostCommon(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values.filter(Boolean)) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  let max = 0;
  for (const [v, n] of counts) if (n > max) [best, max] = [v, n];
  return best;
}

/** The folder among `paths` whose name shares a word with the feature ("reports" ↔ "Reports page"). */
function featureDir(paths: string[], keywords: string): string | null {
  const dirs = paths.map((p) => p.split('/').slice(0, -1).join('/')).filter((d) => d.includes('/'));
  return mostCommon(dirs.filter((d) => overlap(d.split('/').pop() ?? '', keywords) > 0));
}

export function detectLayout(
  paths: string[],
  technologies: string[],
  components: string[],
  codebase: CodebaseContext | null,
  keywords: string,
): Layout {
  const all = unique([...paths, ...(codebase?.files ?? []).map((f) => f.path)]);
  const tech = [...technologies, ...(codebase?.dependencies ?? [])].join(' ');
  const extLanguage: Record<string, Layout['language']> = {
    ts: 'ts',
    tsx: 'ts',
    js: 'js',
    jsx: 'js',
    mjs: 'js',
    py: 'py',
    go: 'go',
  };
  const fromFiles = mostCommon(all.map((p) => extLanguage[/\.([a-z]+)$/i.exec(p)?.[1]?.toLowerCase() ?? ''] ?? ''));
  const fromTech = /python|django|flask|fastapi/i.test(tech)
    ? 'py'
    : /golang|\bGo\b/.test(tech)
      ? 'go'
      : /javascript/i.test(tech) && !/typescript/i.test(tech)
        ? 'js'
        : 'ts';
  const language = (fromFiles ?? fromTech) as Layout['language'];
  const script = language === 'js' ? 'js' : 'ts';
  const jsxSeen = all.some((p) => /\.(tsx|jsx)$/.test(p)) || /react|preact|next\.js/i.test(tech);
  // A Python or Go codebase with no JavaScript front end renders server-side templates.
  const serverRendered = (language === 'py' || language === 'go') && !jsxSeen && !WEB_TECH.test(tech);
  const uiExt = /\bvue\b/i.test(tech)
    ? 'vue'
    : /svelte/i.test(tech)
      ? 'svelte'
      : serverRendered
        ? 'html'
        : jsxSeen || components.includes('UI')
          ? `${script}x`
          : script;
  const code = all.filter((p) => new RegExp(`\\.(${CODE_EXT})$`).test(p));
  const ui = code.filter((p) => UI_PATH.test(p));
  const server = code.filter((p) => !ui.includes(p));
  // With no files to go by, a product with both a UI and a backend gets one root for each.
  const clientSide = components.some((c) => c === 'UI' || c === 'Mobile');
  const split = clientSide && (BACKEND_TECH.test(tech) || components.some((c) => c === 'API' || c === 'Sync'));
  const defaultRoot = language === 'go' ? 'internal' : language === 'py' ? 'app' : 'src';
  const backendRoot =
    mostCommon(server.map(rootOf)) ?? mostCommon(code.map(rootOf)) ?? (split ? 'api/src' : defaultRoot);
  const frontendRoot = mostCommon(ui.map(rootOf)) ?? (split ? 'web/src' : backendRoot);
  return {
    language,
    uiExt,
    backendRoot,
    frontendRoot,
    mobileRoot: split ? 'mobile/src' : frontendRoot,
    backendDir: featureDir(server, keywords),
    frontendDir: featureDir(ui, keywords),
    existing: new Set(all),
  };
}

/** True when the PRD's stack has a web front end (not only a mobile one). */
export function hasWebUi(technologies: string[], components: string[]): boolean {
  if (!components.includes('UI')) return false;
  const tech = technologies.join(' ');
  return !components.includes('Mobile') || WEB_TECH.test(tech);
}
