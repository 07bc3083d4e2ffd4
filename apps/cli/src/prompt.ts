import readline from 'node:readline';
import type { Answer, Question } from '@flowguard/contracts';

/**
 * Lines from stdin, one per question. A single readline interface buffers every line, so
 * piped answers that arrive before a question is asked are not lost; at end of input every
 * remaining question takes its default. Opened on first use and closed by close().
 */
export class LineReader {
  private rl?: readline.Interface;
  private readonly lines: string[] = [];
  private waiting?: (line: string | undefined) => void;
  private ended = false;

  constructor(
    private readonly input: NodeJS.ReadableStream = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stderr,
  ) {}

  private open(): void {
    if (this.rl || this.ended) return;
    this.rl = readline.createInterface({ input: this.input, crlfDelay: Infinity, terminal: false });
    this.rl.on('line', (line) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(line);
      } else this.lines.push(line);
    });
    this.rl.on('close', () => {
      this.ended = true;
      const w = this.waiting;
      this.waiting = undefined;
      w?.(undefined);
    });
  }

  /** Writes `prompt` and resolves with the next line, or undefined at end of input. */
  async ask(prompt: string): Promise<string | undefined> {
    this.output.write(prompt);
    this.open();
    let line: string | undefined;
    if (this.lines.length) line = this.lines.shift();
    else if (this.ended) line = undefined;
    else line = await new Promise<string | undefined>((resolve) => (this.waiting = resolve));
    // Piped input is not echoed by a terminal; show what was read so the transcript makes sense.
    if (!(this.input as { isTTY?: boolean }).isTTY) this.output.write(`${line ?? ''}\n`);
    return line;
  }

  close(): void {
    this.rl?.close();
    this.rl = undefined;
    // readline leaves stdin flowing; let the process exit.
    (this.input as NodeJS.ReadStream).pause?.();
  }
}

/** What a typed line means: a choice number picks that choice, empty takes the default. */
export function interpretAnswer(question: Question, line: string | undefined): string {
  const text = (line ?? '').trim();
  if (!text) return question.defaultAnswer;
  const n = Number(text);
  if (Number.isInteger(n) && n >= 1 && n <= question.choices.length) return question.choices[n - 1];
  return text.slice(0, 4000);
}

/** Asks each question on stderr (why it matters, choices, the default) and collects answers. */
export async function askQuestions(questions: Question[], reader: LineReader): Promise<Answer[]> {
  const out = process.stderr;
  const answers: Answer[] = [];
  out.write(
    `\n${questions.length} clarifying question${questions.length === 1 ? '' : 's'} (Enter takes the default):\n`,
  );
  for (const q of questions) {
    out.write(`\n${q.id}. ${q.text}\n   why: ${q.whyItMatters}\n`);
    q.choices.forEach((c, i) => out.write(`   ${i + 1}) ${c}\n`));
    out.write(`   default: ${q.defaultAnswer}\n`);
    const line = await reader.ask(`${q.id}> `);
    answers.push({ questionId: q.id, answer: interpretAnswer(q, line) });
  }
  out.write('\n');
  return answers;
}
