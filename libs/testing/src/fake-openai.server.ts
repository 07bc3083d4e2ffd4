import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake answers to one request. */
export type FakeReply =
  | { kind: 'ok'; content: unknown }
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'status'; status: 400 | 401 | 403 | 500 | 503 }
  | { kind: 'hang' }
  | { kind: 'malformed' }
  | { kind: 'schema-violation' }
  | { kind: 'truncated'; content: unknown }
  | { kind: 'refusal' };

export type FaultKind =
  Exclude<FakeReply['kind'], 'ok' | 'status' | 'truncated' | 'refusal'> | '500' | '503' | 'truncated';
export const FAULT_KINDS: FaultKind[] = [
  'rate-limit',
  '500',
  '503',
  'hang',
  'malformed',
  'schema-violation',
  'truncated',
];

export interface RecordedRequest {
  purpose: string;
  reply: FakeReply['kind'] | `status-${number}`;
  promptTokens: number;
  completionTokens: number;
  messages: { role: string; content: string }[];
}

export interface FakeOpenAiOptions {
  /** Valid answers per purpose (the response_format json_schema name). */
  responses?: Record<string, unknown | ((body: ChatBody) => unknown)>;
  /** Probability of a fault per request, with a seeded generator so runs repeat. */
  faultRate?: number;
  faults?: FaultKind[];
  seed?: number;
  retryAfterSeconds?: number;
  /** Simulated model latency before every answer: one figure, or per purpose (others answer at once). */
  latencyMs?: number | Record<string, number>;
  /** A script that wins over everything else: reply for the n-th request (0-based) of a purpose. */
  script?: (purpose: string, n: number, body: ChatBody) => FakeReply | undefined;
}

export interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string } };
}

/** mulberry32: a tiny seeded PRNG, so fault sequences are reproducible. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

/**
 * An OpenAI-compatible server for tests and local runs: `/v1/chat/completions` and
 * `/v1/models`, scripted answers per purpose, fault injection of every class the adapter
 * must survive, and a record of every request and the tokens it charged. The real `openai`
 * client talks to it over HTTP.
 */
export class FakeOpenAiServer {
  readonly requests: RecordedRequest[] = [];
  private server?: Server;
  private readonly counts = new Map<string, number>();
  private readonly random: () => number;
  private readonly hanging = new Set<ServerResponse>();

  constructor(private readonly options: FakeOpenAiOptions = {}) {
    this.random = prng(options.seed ?? 42);
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    const address = this.server.address() as AddressInfo;
    return `http://${host}:${address.port}/v1`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Tokens charged over all requests (only answers that carried content are charged). */
  totals() {
    return this.requests.reduce(
      (acc, r) => ({
        promptTokens: acc.promptTokens + r.promptTokens,
        completionTokens: acc.completionTokens + r.completionTokens,
      }),
      { promptTokens: 0, completionTokens: 0 },
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method === 'GET' && req.url === '/v1/models') {
      return this.json(res, 200, {
        object: 'list',
        data: [{ id: 'fake-model', object: 'model', owned_by: 'flowguard' }],
      });
    }
    if (req.method === 'GET' && req.url === '/__fake/requests')
      return this.json(res, 200, { requests: this.requests, totals: this.totals() });
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions')
      return this.json(res, 404, { error: { message: 'not found' } });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString()) as ChatBody;
    const purpose = body.response_format?.json_schema?.name ?? 'default';
    const n = this.counts.get(purpose) ?? 0;
    this.counts.set(purpose, n + 1);
    const reply = this.options.script?.(purpose, n, body) ?? this.pick(purpose, body);
    const latency = this.options.latencyMs;
    const delay = typeof latency === 'number' ? latency : (latency?.[purpose] ?? 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const promptTokens = tokens(JSON.stringify(body.messages));
    const record = (kind: RecordedRequest['reply'], completion: string | null) =>
      this.requests.push({
        purpose,
        reply: kind,
        promptTokens: completion === null ? 0 : promptTokens,
        completionTokens: completion === null ? 0 : tokens(completion),
        messages: body.messages,
      });

    switch (reply.kind) {
      case 'ok':
        return this.complete(res, body, JSON.stringify(reply.content), 'stop', promptTokens, record, 'ok');
      case 'truncated': {
        const full = JSON.stringify(reply.content);
        return this.complete(
          res,
          body,
          full.slice(0, Math.floor(full.length / 2)),
          'length',
          promptTokens,
          record,
          'truncated',
        );
      }
      case 'malformed':
        return this.complete(
          res,
          body,
          '{"restated": {"goal": "unterminated',
          'stop',
          promptTokens,
          record,
          'malformed',
        );
      case 'schema-violation':
        return this.complete(
          res,
          body,
          JSON.stringify({ unexpected: true, questions: 'none' }),
          'stop',
          promptTokens,
          record,
          'schema-violation',
        );
      case 'refusal':
        record('refusal', null);
        return this.json(res, 200, this.completion(body, null, 'stop', 0, 0, 'I cannot help with that.'));
      case 'rate-limit':
        record('rate-limit', null);
        res.setHeader('retry-after', String(reply.retryAfterSeconds));
        return this.json(res, 429, { error: { message: 'Rate limit reached', type: 'rate_limit_exceeded' } });
      case 'status':
        record(`status-${reply.status}`, null);
        return this.json(res, reply.status, { error: { message: `fake ${reply.status}` } });
      case 'hang':
        record('hang', null);
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return; // never answers; the client's timeout fires
    }
  }

  private pick(purpose: string, body: ChatBody): FakeReply {
    const rate = this.options.faultRate ?? 0;
    if (rate > 0 && this.random() < rate) {
      const kinds = this.options.faults ?? FAULT_KINDS;
      const kind = kinds[Math.floor(this.random() * kinds.length)];
      if (kind === '500' || kind === '503') return { kind: 'status', status: Number(kind) as 500 | 503 };
      if (kind === 'rate-limit') return { kind, retryAfterSeconds: this.options.retryAfterSeconds ?? 1 };
      if (kind === 'truncated') return { kind, content: this.answer(purpose, body) };
      return { kind } as FakeReply;
    }
    return { kind: 'ok', content: this.answer(purpose, body) };
  }

  private answer(purpose: string, body: ChatBody): unknown {
    const response = this.options.responses?.[purpose];
    if (response === undefined) return { error: `no scripted response for purpose "${purpose}"` };
    return typeof response === 'function' ? (response as (b: ChatBody) => unknown)(body) : response;
  }

  private complete(
    res: ServerResponse,
    body: ChatBody,
    content: string,
    finish: 'stop' | 'length',
    promptTokens: number,
    record: (kind: RecordedRequest['reply'], completion: string | null) => void,
    kind: RecordedRequest['reply'],
  ) {
    record(kind, content);
    this.json(res, 200, this.completion(body, content, finish, promptTokens, tokens(content)));
  }

  private completion(
    body: ChatBody,
    content: string | null,
    finish: string,
    prompt: number,
    completion: number,
    refusal: string | null = null,
  ) {
    return {
      id: `chatcmpl-fake-${this.requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, finish_reason: finish, logprobs: null, message: { role: 'assistant', content, refusal } }],
      usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    };
  }

  private json(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
