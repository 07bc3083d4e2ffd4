import { describeProblem } from './api-client';

describe('describeProblem', () => {
  it('puts title, status, detail and the failing fields on one line', () => {
    expect(
      describeProblem(
        400,
        {
          title: 'Invalid request',
          status: 400,
          detail: 'the body failed\nvalidation',
          errors: [{ field: 'options.maxTickets', message: 'too big' }],
        },
        '',
      ),
    ).toBe('Invalid request (400): the body failed validation — options.maxTickets: too big');
  });

  it('falls back to the status and the start of a non-problem body', () => {
    expect(describeProblem(502, undefined, '<html>\nBad gateway</html>')).toBe('HTTP 502: <html> Bad gateway</html>');
    expect(describeProblem(503, undefined, '')).toBe('HTTP 503');
  });
});
