import { CreateWorkflowRequest, ListExecutionsQuery } from '@flowguard/contracts';
import { z } from 'zod';
import { ProblemException, ZodPipe, unstorableFields } from './problem';

/** The `errors` of the problem a pipe throws for `value`. */
function errorsOf(pipe: ZodPipe<unknown>, value: unknown) {
  try {
    pipe.transform(value);
  } catch (err) {
    expect(err).toBeInstanceOf(ProblemException);
    return ((err as ProblemException).getResponse() as { errors: { field: string; message: string }[] }).errors;
  }
  throw new Error('the pipe accepted the value');
}

describe('ZodPipe', () => {
  it('refuses U+0000 and lone surrogates anywhere in a valid input, naming each field (Postgres cannot store them)', () => {
    const body = {
      goal: 'a\u0000b',
      options: { codebaseContext: { summary: 'ok', files: [{ path: 'src/\u0000.ts' }] } },
    };
    expect(errorsOf(new ZodPipe(CreateWorkflowRequest), body)).toEqual([
      { field: 'goal', message: 'must not contain NUL (\\u0000)' },
      { field: 'options.codebaseContext.files.0.path', message: 'must not contain NUL (\\u0000)' },
    ]);
    expect(errorsOf(new ZodPipe(CreateWorkflowRequest), { goal: 'a\ud800b' })).toEqual([
      { field: 'goal', message: 'must be valid Unicode (it holds a lone surrogate)' },
    ]);
    expect(errorsOf(new ZodPipe(ListExecutionsQuery, 'query'), { epicKey: '\u0000' })).toEqual([
      { field: 'epicKey', message: 'must not contain NUL (\\u0000)' },
    ]);
  });

  it('names an empty unknown key `""`, and unknown keys at the root by name', () => {
    const pipe = new ZodPipe(z.object({ a: z.string() }).strict());
    expect(errorsOf(pipe, { a: 'x', '': 1 }).map((e) => e.field)).toEqual(['""']);
    expect(errorsOf(pipe, { a: 'x', colour: 1, size: 2 }).map((e) => e.field)).toEqual(['colour, size']);
  });

  it('passes valid input through, other control characters included', () => {
    const pipe = new ZodPipe(CreateWorkflowRequest);
    expect(pipe.transform({ goal: 'tab\there\nnewline' })).toMatchObject({ goal: 'tab\there\nnewline' });
    expect(unstorableFields({ a: ['x', { b: 'y😀' }], c: 1, d: null })).toEqual([]);
  });
});
