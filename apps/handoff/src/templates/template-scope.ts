import { HANDOFF_VARIABLES, VariableShape } from '../render-handoff/handoff-context';

/**
 * Static scoping of handoff templates, mirroring how Handlebars looks values up at render time,
 * so that validation reports exactly the paths that would render empty.
 */

type Fields = Record<string, VariableShape>;

/**
 * What a path denotes: a variable's shape, an object (the top level or a list item), a boolean
 * (`@first`), or `any` below a path that already failed (its children are not reported again).
 */
export type Value = VariableShape | { object: Fields } | 'boolean' | 'any';

/** One context level: the top level, or the body of `{{#each}}`, `{{#with}}` or a section. */
export interface Frame {
  value: Value;
  /** Inside an iteration `@index`, `@first`, `@last` and `@key` exist. */
  iterating: boolean;
  /** Block params (`{{#each tickets as |ticket i|}}`) by name. */
  params: Map<string, Value>;
}

export type Failure = { ok: false; reason?: string; suggestion?: string };
export type Resolution = { ok: true; value: Value; rootName?: string } | Failure;

const DATA_VARIABLES: Record<string, Value> = { index: 'number', key: 'string', first: 'boolean', last: 'boolean' };

export const rootFrame = (): Frame => ({ value: { object: HANDOFF_VARIABLES }, iterating: false, params: new Map() });

/** The value one iteration step yields, or undefined when `value` is not a list. */
export function itemOf(value: Value | undefined): Value | undefined {
  if (value === 'any') return 'any';
  if (value === 'string[]') return 'string';
  if (typeof value === 'object' && 'list' in value) return { object: value.list };
  return undefined;
}

export function isObjectLike(value: Value): boolean {
  return typeof value === 'object';
}

function member(value: Value, name: string): Value | undefined {
  if (value === 'any') return 'any';
  if (typeof value === 'object' && 'object' in value)
    return Object.hasOwn(value.object, name) ? value.object[name] : undefined;
  if (name === 'length') return value === 'number' || value === 'boolean' ? undefined : 'number';
  return /^\d+$/.test(name) ? itemOf(value) : undefined;
}

function memberNames(value: Value): string[] {
  if (typeof value === 'object' && 'object' in value) return Object.keys(value.object);
  return value === 'number' || value === 'boolean' || value === 'any' ? [] : ['length'];
}

/** Resolves a Handlebars path against the frames (innermost last), as the runtime would. */
export function resolvePath(path: hbs.AST.PathExpression, frames: Frame[]): Resolution {
  const [head, ...rest] = path.parts;
  const prefix =
    (path.data ? '@' : '') + '../'.repeat(path.depth) + (/^(this\b|\.\/)/.test(path.original) ? 'this.' : '');
  const fail = (at: number, candidates: string[]): Failure => {
    const near = closest(path.parts[at], candidates);
    const parts = [...path.parts];
    if (near) parts[at] = near;
    return { ok: false, suggestion: near ? prefix + parts.join('.') : undefined };
  };

  if (path.data) {
    if (head === 'root') return walk(rootFrame().value, path.parts, 1, fail, rest[0]);
    if (!Object.hasOwn(DATA_VARIABLES, head)) return fail(0, Object.keys(DATA_VARIABLES));
    if (!frames.some((f) => f.iterating)) return { ok: false, reason: `@${head} only exists inside {{#each}}` };
    return walk(DATA_VARIABLES[head], path.parts, 1, fail);
  }

  const index = frames.length - 1 - path.depth;
  if (index < 0) return { ok: false, reason: '"../" climbs above the top level' };
  if (head === undefined) return { ok: true, value: frames[index].value }; // this, ., ..

  // Handlebars checks block params first, unless the path is scoped (this., ./, ../).
  const scoped = path.depth > 0 || prefix !== '';
  const param = scoped ? undefined : [...frames].reverse().find((f) => f.params.has(head));
  if (param) return walk(param.params.get(head) as Value, path.parts, 1, fail);

  const frame = frames[index];
  if (member(frame.value, head) === undefined) {
    const params = scoped ? [] : frames.flatMap((f) => [...f.params.keys()]);
    const local = fail(0, [...memberNames(frame.value), ...params]);
    if (local.suggestion) return local;
    // A name of an outer level used inside a block: Handlebars does not fall back to parents.
    for (let up = 1; up <= index; up++) {
      if (member(frames[index - up].value, head) !== undefined) {
        return { ok: false, suggestion: '../'.repeat(path.depth + up) + path.parts.join('.') };
      }
    }
    return local;
  }
  return walk(frame.value, path.parts, 0, fail, index === 0 ? head : undefined);
}

function walk(
  start: Value,
  parts: string[],
  from: number,
  fail: (at: number, candidates: string[]) => Failure,
  rootName?: string,
): Resolution {
  let value = start;
  for (let i = from; i < parts.length; i++) {
    const next = member(value, parts[i]);
    if (next === undefined) return fail(i, memberNames(value));
    value = next;
  }
  return { ok: true, value, rootName };
}

/** The candidate within edit distance 2 of `name` (case-insensitive), nearest first. */
export function closest(name: string, candidates: string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
