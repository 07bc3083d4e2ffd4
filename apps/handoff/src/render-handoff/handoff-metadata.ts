import type { Handoff } from '@flowguard/contracts';
import type { HandoffContext } from './handoff-context';

/** Hours in a working day: efforts are written as `4h` or `1d` and a day is 8 hours. */
export const HOURS_PER_DAY = 8;
/** Silent reading speed used for the estimate, in words per minute. */
export const WORDS_PER_MINUTE = 200;
/** Rule-of-thumb characters per LLM token for English and code. */
export const CHARS_PER_TOKEN = 4;

/** Hours of one effort string (`2h`, `1.5d`); 0 for anything malformed rather than NaN. */
export function effortHours(effort: string): number {
  const match = /^(\d+(?:\.\d+)?)([hd])$/.exec(effort.trim());
  if (!match) return 0;
  const amount = Number(match[1]);
  return match[2] === 'd' ? amount * HOURS_PER_DAY : amount;
}

/**
 * Size figures for a rendered handoff. Counts come from the context (what the prompt was built
 * from), words and characters from the final text (what the agent reads). Characters are
 * code points, so an emoji or a non-Latin letter counts once.
 */
export function handoffMetadata(text: string, ctx: HandoffContext): Handoff['metadata'] {
  const words = text.split(/\s+/).filter((w) => w.length > 0).length;
  const hours = ctx.tickets.reduce((sum, t) => sum + effortHours(t.estimatedEffort), 0);
  return {
    words,
    // Rounded up to a tenth: integer arithmetic (words / 20, ceil, / 10) avoids float residue.
    readingMinutes: Math.ceil((words * 10) / WORDS_PER_MINUTE) / 10,
    specCount: ctx.specs.length,
    ticketCount: ctx.tickets.length,
    // Fractional efforts (0.5h) summed in floating point are rounded back to two decimals.
    totalEffortHours: Math.round(hours * 100) / 100,
    approxTokens: Math.ceil([...text].length / CHARS_PER_TOKEN),
  };
}
