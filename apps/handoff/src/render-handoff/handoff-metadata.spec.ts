import { HandoffMetadata } from '@flowguard/contracts';
import type { HandoffContext, HandoffTicketVar } from './handoff-context';
import { effortHours, handoffMetadata } from './handoff-metadata';

const task = (key: string, estimatedEffort: string) => ({ key, estimatedEffort }) as HandoffTicketVar;

const ctx = {
  specs: [{ id: 's', title: 'S', version: 1, content: '' }],
  tickets: [task('FG-1', '2h'), task('FG-2', '1d'), task('FG-3', '0.5h'), task('FG-4', '1.5d'), task('FG-5', '0.1h')],
} as unknown as HandoffContext;

describe('effortHours', () => {
  it.each([
    ['2h', 2],
    ['1d', 8],
    ['1.5d', 12],
    ['0.5h', 0.5],
    ['soon', 0],
    ['', 0],
  ])('%s is %d hours', (effort, hours) => {
    expect(effortHours(effort)).toBe(hours);
  });
});

describe('handoffMetadata', () => {
  it('measures a known text', () => {
    const text = '# Title\n\n  Do   the\tthing.\n'; // 5 words, 27 characters
    const metadata = handoffMetadata(text, ctx);
    expect(metadata).toEqual({
      words: 5,
      readingMinutes: 0.1,
      specCount: 1,
      ticketCount: 5,
      totalEffortHours: 2 + 8 + 0.5 + 12 + 0.1,
      approxTokens: 7,
    });
    expect(HandoffMetadata.parse(metadata)).toEqual(metadata);
  });

  it.each([
    [0, 0],
    [1, 0.1],
    [20, 0.1],
    [21, 0.2],
    [200, 1],
    [201, 1.1],
    [400, 2],
    [1999, 10],
  ])('%d words read in %d minutes (rounded up to a tenth)', (words, minutes) => {
    expect(handoffMetadata(Array(words).fill('w').join(' '), ctx).readingMinutes).toBe(minutes);
  });

  it('counts characters as code points for the token estimate', () => {
    expect(handoffMetadata('😀😀😀😀😀', ctx).approxTokens).toBe(2); // 5 code points, 10 UTF-16 units
    expect(handoffMetadata('', ctx)).toMatchObject({ words: 0, readingMinutes: 0, approxTokens: 0 });
  });
});
