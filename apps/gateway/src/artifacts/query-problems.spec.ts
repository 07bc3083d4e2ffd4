import { QueryError } from '@flowguard/messaging';
import { NatsError } from 'nats';
import { ProblemException } from '../http/problem';
import { messageFields, queryProblem } from './query-problems';

const body = (e: unknown) => (e as ProblemException).getResponse() as Record<string, unknown>;

describe('queryProblem: a service’s answer as problem+json', () => {
  it('not_found → 404, state refusals → 409 with the code, invalid → 400 naming fields', () => {
    expect(body(queryProblem('handoff', new QueryError('not_found', 'handoff x not found')))).toMatchObject({
      status: 404,
      detail: 'handoff x not found',
    });
    for (const code of ['blocked', 'children_open', 'invalid_transition', 'conflict']) {
      expect(body(queryProblem('ticket-gen', new QueryError(code, 'why')))).toMatchObject({
        status: 409,
        code,
        detail: 'why',
      });
    }
    const invalid = queryProblem(
      'ticket-gen',
      new QueryError('invalid_template', 'invalid ticket template: id: bad id; kind: taken'),
    );
    expect(body(invalid)).toMatchObject({
      status: 400,
      errors: [
        { field: 'id', message: 'bad id' },
        { field: 'kind', message: 'taken' },
      ],
    });
    const parse = queryProblem('handoff', new QueryError('invalid_template', 'line 2, column 3: unknown variable'), {
      field: 'source',
    });
    expect(body(parse).errors).toEqual([{ field: 'source', message: 'line 2, column 3: unknown variable' }]);
  });

  it('no answer → 503; an unknown code → 502; other errors pass through', () => {
    expect(body(queryProblem('clarifier', new NatsError('503', '503')))).toMatchObject({ status: 503 });
    expect(body(queryProblem('clarifier', new NatsError('TIMEOUT', 'TIMEOUT')))).toMatchObject({ status: 503 });
    expect(body(queryProblem('handoff', new QueryError('internal', 'db down')))).toMatchObject({
      status: 502,
      detail: 'handoff could not answer the request (internal)',
    });
    const bug = new TypeError('x');
    expect(queryProblem('handoff', bug)).toBe(bug);
  });

  it('messageFields keeps zod paths and puts the rest on the fallback', () => {
    expect(messageFields('selection.ticketKeys.0: too long; (root): Unrecognized key', '(body)')).toEqual([
      { field: 'selection.ticketKeys.0', message: 'too long' },
      { field: '(root)', message: 'Unrecognized key' },
    ]);
    expect(messageFields('requiredSections lists a section twice', 'template')).toEqual([
      { field: 'template', message: 'requiredSections lists a section twice' },
    ]);
  });
});
