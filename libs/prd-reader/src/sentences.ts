/**
 * Sentence splitting for PRD prose. Deliberately small: it knows common abbreviations,
 * leaves decimals and file names alone, and treats a line break as a sentence end when the
 * text reads like a list of short lines rather than a hard-wrapped paragraph.
 */

const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'eg',
  'ie',
  'etc',
  'vs',
  'cf',
  'approx',
  'incl',
  'excl',
  'mr',
  'mrs',
  'dr',
  'no',
  'fig',
  'al',
  'inc',
  'ltd',
]);

/**
 * Words a hard-wrapped sentence can stop on before continuing on the next line. A line that
 * ends in one of them never ends a sentence, even when the next line starts with a capital
 * ("…payments via\nStripe").
 */
const CONTINUATION_WORDS = new Set(
  (
    'a an the and or but nor to of in on for with by via from at as into onto through over across under ' +
    'within without between behind using including like than that which who ' +
    'when where while if is are was were be been must shall should may can could will would not per our ' +
    'their its your his her each every all any both either no some such this these those'
  ).split(' '),
);

/** Splits a paragraph, given as its source lines, into trimmed sentences. */
export function splitSentences(lines: string[]): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of lines.map((l) => l.trim()).filter(Boolean)) {
    if (current && endsLine(current, line)) {
      chunks.push(current);
      current = line;
    } else {
      current = current ? `${current} ${line}` : line;
    }
  }
  if (current) chunks.push(current);
  return chunks.flatMap(splitChunk);
}

/** A line break ends a sentence when the line has no closing punctuation and the next starts a new thought. */
function endsLine(previous: string, next: string): boolean {
  if (/[.!?]["')\]]*$/.test(previous)) return false; // the punctuation split handles it
  if (/[,;:(\-–—&/+]$/.test(previous)) return false;
  if (!/^[A-Z0-9"'`(*_[]/.test(next)) return false;
  const lastWord = /([A-Za-z']+)\W*$/.exec(previous)?.[1]?.toLowerCase() ?? '';
  return !CONTINUATION_WORDS.has(lastWord);
}

function splitChunk(chunk: string): string[] {
  const sentences: string[] = [];
  const boundary = /[.!?]+["')\]]*\s+/g;
  let start = 0;
  for (let match = boundary.exec(chunk); match; match = boundary.exec(chunk)) {
    const end = match.index + match[0].length;
    if (!/[A-Z0-9"'`(*_[]/.test(chunk[end] ?? '')) continue; // lower-case next word: same sentence
    if (match[0][0] === '.' && isAbbreviation(chunk.slice(start, match.index))) continue;
    sentences.push(chunk.slice(start, end).trim());
    start = end;
  }
  const rest = chunk.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

/** True when the text before a period ends in an abbreviation or an initial ("J."). */
function isAbbreviation(before: string): boolean {
  const word = /(\S+)$/.exec(before)?.[1] ?? '';
  const bare = word.replace(/^[("'[]+/, '').toLowerCase();
  return ABBREVIATIONS.has(bare) || /^[A-Z]$/.test(word);
}
