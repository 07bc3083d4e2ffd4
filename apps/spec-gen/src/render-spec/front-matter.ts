/**
 * Hand-written YAML front matter for flat scalar and list values. The `yaml` package is only a
 * transitive dependency here, and the values are flat, so a small writer is safer than
 * depending on it implicitly. (ticket-gen carries the same helper: apps may not import each
 * other, and a shared lib is outside this change.)
 */
export type FrontMatterValue = string | number | boolean | null | readonly string[];

// Plain (unquoted) only for strings no YAML 1.1/1.2 reader can retype or misparse: they start
// with a letter, hold no ":" or "#", and are not a boolean/null word. Everything else — ISO
// dates, UUIDs, "spec:…", numbers-as-strings — is quoted.
const PLAIN = /^[A-Za-z][\w./-]*(?: [\w./-]+)*$/;
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|nan|inf)$/i;

/** One YAML value; strings are quoted with JSON.stringify (valid YAML) when they are not plain-safe. */
export function yamlValue(value: FrontMatterValue): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`front matter cannot hold ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  // A JSON array of strings is a YAML flow sequence, so lists need no special writer; items are
  // always quoted so a tag like "yes" or "1.0" stays a string.
  if (Array.isArray(value)) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
  const text = value as string;
  return PLAIN.test(text) && !RESERVED.test(text) ? text : JSON.stringify(text);
}

/** `---` / `key: value` lines / `---`, keys in the given order. */
export function frontMatter(entries: ReadonlyArray<readonly [string, FrontMatterValue]>): string {
  return ['---', ...entries.map(([k, v]) => `${k}: ${yamlValue(v)}`), '---'].join('\n');
}
