import type { FileChange } from '@flowguard/contracts';
import { GENERIC_SEGMENTS, titleWord, weightedKeywords, words } from './ticket-text';

/** What the planner reads from a technical-plan file change. */
export interface FileInfo {
  change: FileChange;
  /** The business area, e.g. "Billing" from apps/api/src/billing/seats.service.ts. */
  domain: string;
  /** "[Component]" for titles: the domain plus a layer when the path shows one, e.g. "Billing API". */
  component: string;
  isTest: boolean;
  isDocs: boolean;
  keywords: Map<string, number>;
}

// Role words in file names ("ReportsPage", "sync.controller") say nothing about the domain.
const ROLE_WORDS = new Set(
  'page controller service module component view screen repository client processor guard spec test index main use hook store provider handler worker'.split(
    ' ',
  ),
);

const TEST_PATH = /(^|\/)(__tests__|tests?|e2e)\/|\.(spec|test|e2e-spec|int-spec|e2e|cy)\.[a-z]+$|_test\.[a-z]+$/i;
const DOCS_PATH = /\.(md|mdx|rst|adoc|txt)$/i;

export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}

function layerOf(path: string, segments: string[], fileName: string): string {
  const lower = segments.map((s) => s.toLowerCase());
  const has = (...names: string[]): boolean => names.some((n) => lower.includes(n));
  if (has('migrations', 'migration', 'prisma', 'db', 'database') || /\.(sql|prisma)$/i.test(path)) return 'DB';
  // React hooks (useX.ts) are UI code even without a .tsx extension.
  if (
    /\.(tsx|jsx|vue|svelte|css|scss|html)$/i.test(fileName) ||
    /^use[A-Z]/.test(fileName) ||
    has('components', 'pages', 'views', 'screens', 'ui')
  )
    return 'UI';
  // Non-visual browser code (stores, workers, crypto) is client work rather than UI.
  if (has('web', 'frontend', 'client', 'mobile')) return 'Client';
  if (
    has('api', 'server', 'backend', 'controllers', 'routes') ||
    /\.(controller|service|resolver|handler|router|routes|repository|gateway|processor|consumer|worker|guard)\.[a-z]+$/i.test(
      fileName,
    )
  )
    return 'API';
  return '';
}

function domainOf(segments: string[], fileName: string): string {
  const dirs = segments.filter((s) => !GENERIC_SEGMENTS.has(s.toLowerCase()) && !/^\d/.test(s));
  const dir = dirs[dirs.length - 1];
  if (dir) return words(dir).map(titleWord).join(' ') || titleWord(dir);
  // No telling directory: fall back to the first meaningful word of the file name,
  // e.g. "1730000000000-billing.ts" → Billing, "useCsvExport.ts" → CSV.
  const base = fileName.split('.')[0] ?? fileName;
  const word = words(base).find((w) => !ROLE_WORDS.has(w));
  return word ? titleWord(word) : '';
}

export function describeFile(change: FileChange): FileInfo {
  const segments = change.path.split('/').filter(Boolean);
  const fileName = segments.pop() ?? change.path;
  const domain = domainOf(segments, fileName);
  const isDocs = DOCS_PATH.test(fileName);
  const isTest = !isDocs && isTestPath(change.path);
  const layer = isDocs ? 'Docs' : layerOf(change.path, segments, fileName);
  const component = [domain, layer].filter(Boolean).join(' ') || 'Core';
  // Path words weigh more than the free-text description: they are what the code is called.
  const keywords = weightedKeywords([
    [change.description, 1],
    [[...segments.filter((s) => !GENERIC_SEGMENTS.has(s.toLowerCase())), fileName].join(' '), 1.5],
  ]);
  return { change, domain: domain || component, component, isTest, isDocs, keywords };
}

/** The most frequent value, ties going to the earliest; used for epic and issue components. */
export function mostCommon(values: string[], fallback: string): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = fallback;
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount) [best, bestCount] = [v, c];
  }
  return best;
}
