import { FakeOpenAiServer, type FakeReply } from '@flowguard/testing';
import {
  FatalLlmError,
  InvalidOutputError,
  LlmClient,
  RateLimitedError,
  RetryableLlmError,
  type LlmError,
} from '../src';
import { testPrompt, validClarification } from './fixtures';

jest.setTimeout(30_000);

/** The real `openai` client against the fake server, one fault class at a time. */
describe('OpenAiProvider through the real openai client', () => {
  let server: FakeOpenAiServer;
  let replies: FakeReply[];

  let baseURL: string;

  async function client(timeoutMs = 1_000, latencyMs = 0) {
    server = new FakeOpenAiServer({
      script: (_purpose, n) => replies[n] ?? { kind: 'ok', content: validClarification },
      latencyMs,
    });
    baseURL = await server.start();
    return new LlmClient({
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: baseURL,
      OPENAI_MODEL: 'fake-model',
      LLM_TIMEOUT_MS: timeoutMs,
    });
  }
  const ctx = { tenantId: '11111111-1111-4111-8111-111111111111', workflowId: '22222222-2222-4222-8222-222222222222' };
  const run = (llm: LlmClient) => llm.run(testPrompt, ctx, { goal: 'Add CSV export', codebaseContext: null });
  const failure = async (llm: LlmClient) => {
    try {
      await run(llm);
    } catch (err) {
      return err as LlmError;
    }
    throw new Error('expected a failure');
  };

  afterEach(async () => {
    await server.stop();
  });

  it('parses structured output, with usage and provenance', async () => {
    replies = [];
    const result = await run(await client());
    expect(result).toMatchObject({
      data: validClarification,
      provider: 'openai',
      model: 'fake-model',
      attempts: 1,
      promptId: 'clarification-test',
      promptVersion: 1,
    });
    expect(result.usage).toEqual({
      promptTokens: server.requests[0].promptTokens,
      completionTokens: server.requests[0].completionTokens,
    });
    expect(server.requests[0].purpose).toBe('clarification');
  });

  it('times the call (repairs included) so the ledger can tell model time from orchestration', async () => {
    replies = [{ kind: 'malformed' }];
    const result = await run(await client(2_000, 150));
    expect(result.attempts).toBe(2);
    expect(result.latencyMs).toBeGreaterThanOrEqual(300); // two requests at 150 ms each
    expect(result.latencyMs).toBeLessThan(2_000);
  });

  it.each([
    ['malformed JSON', { kind: 'malformed' } as FakeReply, /not valid JSON/],
    ['schema-violating JSON', { kind: 'schema-violation' } as FakeReply, /restated/],
    ['truncated output', { kind: 'truncated', content: validClarification } as FakeReply, /truncated/],
  ])('repairs %s once, feeding the error back', async (_name, bad, fedBack) => {
    replies = [bad];
    const result = await run(await client());
    expect(result.data).toEqual(validClarification);
    expect(result.attempts).toBe(2);
    const repair = server.requests[1].messages;
    expect(repair.at(-1)!.content).toMatch(fedBack);
    expect(result.usage.promptTokens).toBe(server.totals().promptTokens);
    expect(result.usage.completionTokens).toBe(server.totals().completionTokens);
  });

  it('counts a still-invalid answer after the repair as a failed attempt, with the tokens it cost', async () => {
    replies = [{ kind: 'malformed' }, { kind: 'schema-violation' }];
    const err = await failure(await client());
    expect(err).toBeInstanceOf(InvalidOutputError);
    expect(err.retryable).toBe(true);
    expect(err.usage).toEqual(server.totals());
    expect(server.requests).toHaveLength(2);
  });

  it('classifies 429 as rate limited with Retry-After', async () => {
    replies = [{ kind: 'rate-limit', retryAfterSeconds: 7 }];
    const err = await failure(await client());
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(7_000);
    expect(server.requests).toHaveLength(1); // the client's own retries are off
  });

  it.each([500, 503] as const)('classifies %s as retryable', async (status) => {
    replies = [{ kind: 'status', status }];
    const err = await failure(await client());
    expect(err).toBeInstanceOf(RetryableLlmError);
    expect(err.code).toBe('server_error');
    expect(server.requests).toHaveLength(1);
  });

  it('classifies a hang past the client timeout as a retryable timeout', async () => {
    replies = [{ kind: 'hang' }];
    const err = await failure(await client(300));
    expect(err).toBeInstanceOf(RetryableLlmError);
    expect(err.code).toBe('timeout');
  });

  it.each([
    [400, 'bad_request'],
    [401, 'unauthorized'],
    [403, 'unauthorized'],
  ] as const)('classifies %s as fatal', async (status, code) => {
    replies = [{ kind: 'status', status }];
    const err = await failure(await client());
    expect(err).toBeInstanceOf(FatalLlmError);
    expect(err.code).toBe(code);
  });

  it('classifies a refusal as fatal', async () => {
    replies = [{ kind: 'refusal' }];
    const err = await failure(await client());
    expect(err).toBeInstanceOf(FatalLlmError);
    expect(err.code).toBe('refusal');
  });

  it('answers /v1/models like an OpenAI-compatible server', async () => {
    replies = [];
    await client();
    const res = await fetch(`${baseURL}/models`);
    const body = (await res.json()) as { data: { id: string }[] };
    expect(body.data[0].id).toBe('fake-model');
  });
});
