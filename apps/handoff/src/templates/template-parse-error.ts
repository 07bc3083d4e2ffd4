import Handlebars from 'handlebars';

/** A template syntax problem, positioned for an editor (line and column are 1-based). */
export interface ParseProblem {
  message: string;
  line?: number;
  column?: number;
}

/**
 * `subject at line L, column C: detail` — the position goes into the message too, because
 * callers often show only the messages.
 */
export function located(subject: string, line?: number, column?: number, detail?: string): string {
  const at = line === undefined ? '' : ` at line ${line}${column === undefined ? '' : `, column ${column}`}`;
  return `${subject}${at}${detail ? `: ${detail}` : ''}`;
}

interface Location {
  first_line: number;
  first_column: number;
}

/** The parts of Handlebars's jison parser we read; it is exposed at runtime, not in the typings. */
interface JisonParser {
  terminals_: Record<number, string>;
  lexer: { setInput(input: string): void; lex(): number | string; yytext: string; yylloc?: Location };
}

const parser = (Handlebars as unknown as { Parser: JisonParser }).Parser;

// Tokens that open a block needing a `{{/name}}`: `{{#x}}`, `{{^x}}`, `{{#> x}}`, `{{{{x}}}}`.
const BLOCK_OPENERS = new Set(['OPEN_BLOCK', 'OPEN_INVERSE', 'OPEN_PARTIAL_BLOCK', 'OPEN_RAW_BLOCK']);
const CLOSERS = new Set(['CLOSE', 'CLOSE_UNESCAPED', 'CLOSE_RAW_BLOCK', 'INVERSE', 'COMMENT']);

/**
 * Turns what `Handlebars.parse` threw into a message with a position. Jison's errors carry only
 * a message ("Parse error on line 3: … got 'EOF'"); the column comes from the location the
 * shared lexer keeps of the token it failed on, so this must run right after the failed parse.
 */
export function describeParseError(source: string, error: unknown): ParseProblem {
  const failedAt = parser.lexer.yylloc ? { ...parser.lexer.yylloc } : undefined;
  const err = error as { message?: string; lineNumber?: number; column?: number };
  const message = String(err.message ?? error);

  // Handlebars's own exceptions (a mismatched close) are positioned, with a 0-based column.
  if (typeof err.lineNumber === 'number') {
    const line = err.lineNumber;
    const column = (err.column ?? 0) + 1;
    const mismatch = /^(\S+) doesn't match (\S+)/.exec(message);
    const subject = mismatch ? `block "{{#${mismatch[1]}}}"` : message.replace(/ - \d+:\d+$/, '');
    return {
      message: located(subject, line, column, mismatch ? `closed by "{{/${mismatch[2]}}}"` : undefined),
      line,
      column,
    };
  }

  const line = Number(/on line (\d+)/.exec(message)?.[1]) || undefined;
  const expected = message.split('\n').find((l) => l.startsWith('Expecting '));
  // What is left open only shows up at the end of the input: point at where it was opened.
  if (expected?.endsWith("got 'EOF'")) {
    const open = findUnclosed(source);
    if (open)
      return {
        message: located(open.subject, open.line, open.column, open.detail),
        line: open.line,
        column: open.column,
      };
  }
  const column = failedAt && failedAt.first_line === line ? failedAt.first_column + 1 : undefined;
  if (message.startsWith('Lexical error')) {
    const rest = line && column ? source.split('\n')[line - 1].slice(column - 1) : '';
    const detail = rest.startsWith('{{!') ? 'unclosed comment, no "--}}"' : 'unrecognized text';
    return { message: located('parse error', line, column, detail), line, column };
  }
  return { message: located('parse error', line, column, expected ?? message.split('\n')[0]), line, column };
}

interface Unclosed {
  subject: string;
  detail: string;
  line: number;
  column: number;
}

/** What is still open at the end of `source` (a mustache, else the innermost block), by lexing it. */
function findUnclosed(source: string): Unclosed | undefined {
  const blocks: Unclosed[] = [];
  let mustache: Unclosed | undefined;
  let opener: { text: string; line: number; column: number } | undefined;
  const { lexer, terminals_ } = parser;
  try {
    lexer.setInput(source);
    for (let token = lexer.lex(); terminals_[token as number] !== 'EOF'; token = lexer.lex()) {
      const name = terminals_[token as number] ?? String(token);
      const at = lexer.yylloc ?? { first_line: 0, first_column: 0 };
      if (name.startsWith('OPEN')) {
        const position = { line: at.first_line, column: at.first_column + 1 };
        mustache = {
          subject: `unclosed "${lexer.yytext}"`,
          detail: 'no "}}" before the end of the template',
          ...position,
        };
        opener = BLOCK_OPENERS.has(name) ? { text: lexer.yytext, ...position } : undefined;
        if (name === 'OPEN_ENDBLOCK') blocks.pop();
      } else if (opener && name === 'ID') {
        const tag = `${opener.text}${lexer.yytext}}}`;
        blocks.push({
          ...opener,
          subject: `unclosed block "${tag}"`,
          detail: `no "{{/${lexer.yytext}}}" before the end of the template`,
        });
        opener = undefined;
      } else if (CLOSERS.has(name)) {
        mustache = undefined;
      }
    }
  } catch {
    // A lexical error past the parse error: report what was found so far.
  }
  return mustache ?? blocks.at(-1);
}
