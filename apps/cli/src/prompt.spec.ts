import { PassThrough, Writable } from 'node:stream';
import type { Question } from '@flowguard/contracts';
import { LineReader, interpretAnswer } from './prompt';

const question: Question = {
  id: 'Q1',
  text: 'Who may use it?',
  whyItMatters: 'permissions',
  defaultAnswer: 'owners only',
  choices: ['everyone', 'admins'],
};

const sink = () =>
  new Writable({
    write(_chunk, _enc, done) {
      done();
    },
  });

describe('interpretAnswer', () => {
  it('takes the default on empty input, a choice by number, otherwise the text', () => {
    expect(interpretAnswer(question, '')).toBe('owners only');
    expect(interpretAnswer(question, undefined)).toBe('owners only');
    expect(interpretAnswer(question, ' 2 ')).toBe('admins');
    expect(interpretAnswer(question, '3')).toBe('3');
    expect(interpretAnswer(question, 'billing admins')).toBe('billing admins');
  });
});

describe('LineReader', () => {
  it('keeps lines that arrive before the question and answers undefined at end of input', async () => {
    const input = new PassThrough();
    const reader = new LineReader(input, sink());
    const first = reader.ask('Q1> ');
    input.write('one\ntwo\n');
    expect(await first).toBe('one');
    input.end();
    expect(await reader.ask('Q2> ')).toBe('two');
    expect(await reader.ask('Q3> ')).toBeUndefined();
    reader.close();
  });
});
