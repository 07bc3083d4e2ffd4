// fast-check arbitraries for bench/fuzz.mjs: values shaped by the gateway's OpenAPI schemas,
// mutations of them, hostile strings. Generated values are plain data with tokens (see
// fuzz-values.mjs) for real ids and big values.
import fc from 'fast-check';
import {
  BAD_URLS,
  EVENTS,
  INVALID_JSON,
  NASTY,
  POOLS,
  SECTIONS,
  SOURCES,
  TRICKY_TEXT,
  WRONG,
  deep,
  huge,
  ref,
} from './fuzz-values.mjs';

const refArb = (pool) => fc.nat({ max: 7 }).map((n) => ref(pool, n));

/** Hostile strings: specials, unicode, very long ones (tokens), random. */
export const nastyString = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY), weight: 5 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 10 }), weight: 1 },
  { arbitrary: fc.constantFrom(300, 5_000, 70_000, 300_000).map((n) => huge(n)), weight: 1 },
);

/** A path parameter: a real id (its own pool or another), a random uuid, or garbage. */
export function pathParamArb(pool) {
  return fc.oneof(
    { arbitrary: pool ? refArb(pool) : fc.uuid(), weight: 5 },
    { arbitrary: fc.constantFrom(...POOLS).chain(refArb), weight: 1 },
    { arbitrary: fc.uuid(), weight: 2 },
    { arbitrary: nastyString, weight: 3 },
    { arbitrary: fc.constantFrom(500, 5_000, 20_000).map((n) => huge(n, 'b')), weight: 1 },
  );
}

/** Names whose values are better drawn from the real pools. */
const HINTS = { questionId: 'questions', templateId: 'templates', ticketKeys: 'tickets', epicKey: 'tickets' };

/**
 * Fields whose rules the OpenAPI schema cannot say (a refine, a pipe, another service's check),
 * so valid values come from here. A URL is only ever `ctx.url` or loopback: webhooks go nowhere else.
 */
const NAMED = {
  url: (ctx) => (ctx.valid ? fc.constant(ctx.url) : fc.constantFrom(ctx.url, ...BAD_URLS)),
  source: (ctx) => (ctx.valid ? fc.constantFrom(...SOURCES) : undefined),
  id: (ctx) => (ctx.valid ? fc.stringMatching(/^[a-z][a-z0-9._-]{0,15}$/) : undefined),
  requiredSections: (ctx) => (ctx.valid ? fc.subarray(SECTIONS) : undefined),
  events: (ctx) => (ctx.valid ? fc.oneof(fc.constant(['*']), fc.subarray(EVENTS, { minLength: 1 })) : undefined),
};

/**
 * Valid-looking values for a JSON Schema (the 2020-12 subset zod emits). `ctx.components`
 * resolves $ref; `ctx.url` is the only URL a `format: uri` string may be (webhooks go nowhere else).
 */
export function schemaArb(schema, ctx, depth = 0, name = '') {
  if (!schema || typeof schema !== 'object') return fc.jsonValue({ maxDepth: 2 });
  if (schema.$ref) return schemaArb(ctx.components[schema.$ref.split('/').pop()], ctx, depth, name);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts) return fc.oneof(...alts.map((s) => schemaArb(s, ctx, depth, name)));
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((t) => schemaArb({ ...schema, type: t }, ctx)));
  const named = NAMED[name]?.(ctx);
  if (named) return named;
  const hint = HINTS[name];
  switch (schema.type) {
    case 'object': {
      if (depth > 4) return fc.constant({});
      const props = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, schemaArb(s, ctx, depth + 1, k)]));
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
    }
    case 'array': {
      const maxLength = Math.min(schema.maxItems ?? 4, 4);
      const items = schemaArb(schema.items, ctx, depth + 1, hint ? '' : name);
      const arb = hint ? fc.oneof(refArb(hint), items) : items;
      return fc.array(arb, { minLength: Math.min(schema.minItems ?? 0, maxLength), maxLength });
    }
    case 'string':
      return stringArb(schema, ctx, hint);
    case 'integer':
      return integerArb(schema, ctx.valid);
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: schema.minimum, max: schema.maximum });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** In range (only, when `valid`), and the edges: the limits, one past them, the 32-bit and 53-bit ones. */
function integerArb(schema, valid) {
  const min = schema.minimum ?? (schema.exclusiveMinimum ?? -1_001) + 1;
  const max = schema.maximum ?? 1_000_000;
  if (valid) return fc.integer({ min, max: Math.min(max, 2 ** 31 - 1) });
  const edges = [min, max, min - 1, max + 1, 0, -1, 2 ** 31 - 1, 2 ** 31, 2 ** 53 - 1];
  return fc.oneof(
    { arbitrary: fc.integer({ min, max: Math.min(max, 2 ** 31) }), weight: 4 },
    fc.constantFrom(...edges),
  );
}

/** `ctx.valid`: only what the schema allows (no tricky text, nothing past maxLength). */
function stringArb(schema, ctx, hint) {
  if (schema.format === 'uuid') return fc.oneof(fc.uuid(), refArb(hint ?? 'templates'), refArb('workflows'));
  if (schema.format === 'uri') return fc.constant(ctx.url);
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 200;
  const options = [
    { arbitrary: fc.string({ minLength: min, maxLength: Math.max(min, Math.min(max, 40)) }), weight: 4 },
  ];
  if (schema.pattern) {
    try {
      options.push({ arbitrary: fc.stringMatching(new RegExp(schema.pattern)), weight: 6 });
    } catch {
      // a pattern JS cannot compile: plain strings only
    }
  }
  if (hint) options.push({ arbitrary: refArb(hint), weight: 6 });
  const tricky = ctx.valid ? [] : TRICKY_TEXT.filter((t) => t.length >= min && t.length <= max);
  if (tricky.length && !schema.pattern) options.push({ arbitrary: fc.constantFrom(...tricky), weight: 2 });
  // The limits themselves: exactly max, and one over.
  const limits = ctx.valid ? [max] : [max, max + 1];
  if (schema.maxLength) options.push({ arbitrary: fc.constantFrom(...limits).map((n) => huge(n, 'z')), weight: 1 });
  return fc.oneof(...options);
}

const wrongArb = fc.oneof(
  { arbitrary: fc.constantFrom(...WRONG), weight: 4 },
  { arbitrary: nastyString, weight: 2 },
  { arbitrary: fc.constantFrom(10, 1_000, 100_000).map(deep), weight: 1 },
  { arbitrary: fc.constantFrom(100_000, 1_100_000).map((n) => huge(n)), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
);
const extraKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', '', 'tenantId'),
  fc.string(),
);
const OPS = ['wrongType', 'drop', 'extra', 'nullAll', 'wrongType', 'extra'];

/** Every [path, value] of an object/array tree, the root first. */
function slots(value, path = []) {
  const out = [[path, value]];
  if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...slots(v, [...path, Array.isArray(value) ? Number(k) : k]));
  return out;
}

function setAt(root, path, fn) {
  if (!path.length) return fn(root);
  const copy = Array.isArray(root) ? [...root] : { ...root };
  copy[path[0]] = setAt(root[path[0]], path.slice(1), fn);
  if (copy[path[0]] === undefined) delete copy[path[0]];
  return copy;
}

/** One mutation of a valid value: a wrong type somewhere, a field dropped, an extra field, all nulls. */
export function mutatedArb(valueArb) {
  return fc
    .tuple(valueArb, fc.nat(), fc.constantFrom(...OPS), wrongArb, extraKey)
    .map(([value, pick, op, wrong, key]) => {
      const all = slots(value);
      const objects = all.filter(([, v]) => v && typeof v === 'object' && !Array.isArray(v));
      if (op === 'wrongType') return setAt(value, all[pick % all.length][0], () => wrong);
      if (op === 'drop' && all.length > 1) return setAt(value, all[1 + (pick % (all.length - 1))][0], () => undefined);
      if (op === 'nullAll' && objects.length)
        return setAt(value, objects[0][0], (o) => Object.fromEntries(Object.keys(o).map((k) => [k, null])));
      if (objects.length)
        return setAt(value, objects[pick % objects.length][0], (o) => {
          const copy = { ...o };
          Object.defineProperty(copy, key, { value: wrong, enumerable: true, configurable: true, writable: true });
          return copy;
        });
      return wrong;
    });
}

/** A request body: schema-shaped, mutated, invalid JSON, empty, not an object, deep, over the limit. */
export function bodyArb(schema, ctx) {
  const valid = schemaArb(schema, ctx);
  return fc.oneof(
    { arbitrary: valid.map((value) => ({ kind: 'json', value })), weight: 6 },
    { arbitrary: mutatedArb(valid).map((value) => ({ kind: 'json', value })), weight: 8 },
    { arbitrary: fc.constantFrom(...INVALID_JSON).map((text) => ({ kind: 'text', text })), weight: 2 },
    { arbitrary: fc.constant({ kind: 'none' }), weight: 2 },
    {
      arbitrary: fc.constantFrom('', ' ', 'null', '[]', '0', '"x"', 'true').map((text) => ({ kind: 'text', text })),
      weight: 1,
    },
    { arbitrary: fc.constantFrom(100, 10_000, 200_000).map((n) => ({ kind: 'text', text: deep(n) })), weight: 1 },
    { arbitrary: fc.constantFrom(1_100_000, 3_000_000).map((bytes) => ({ kind: 'oversize', bytes })), weight: 1 },
  );
}
