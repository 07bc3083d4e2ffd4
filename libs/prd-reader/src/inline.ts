/**
 * Inline markdown reduced to plain words, so that requirement texts, headings and dedupe
 * keys do not depend on how the author emphasised or linked them.
 */
export function cleanInline(text: string): string {
  return (
    text
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/<\/?[a-z][^>]*>/gi, ' ')
      .replace(/`([^`]*)`/g, '$1')
      .replace(/(\*\*|__)(?=\S)([^*_]*?\S)\1/g, '$2')
      // Single * or _ only when they wrap a word, so snake_case and a*b survive.
      .replace(/(^|[\s(])([*_])(?=\S)([^*_]*?\S)\2(?=[\s).,;:!?]|$)/g, '$1$3')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** The identity of a sentence for dedupe: case, spacing and trailing punctuation ignored. */
export function dedupeKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.,;:!]+$/, '')
    .trim();
}

/** Appends `value` unless an equal (by dedupeKey) value is already in `seen`. */
export function pushUnique<T>(list: T[], seen: Set<string>, value: T, text: string): void {
  const key = dedupeKey(text);
  if (!key || seen.has(key)) return;
  seen.add(key);
  list.push(value);
}

/** Cuts at a word boundary so a long sentence still reads as a title. */
export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}
