import type {
  Answer,
  CreateWorkflowRequest,
  ExportsResponse,
  GenerateHandoffResponse,
  HandoffListResponse,
  HandoffRequest,
  HandoffResponse,
  ProblemDetails,
  ResumeWorkflowResponse,
  TicketsResponse,
  UsageResponse,
  WorkflowListResponse,
  WorkflowResponse,
} from '@flowguard/contracts';
import type { z } from 'zod';
import { CliError, EXIT, oneLine } from './errors';

export interface ApiClientOptions {
  /** The gateway's base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  key: string;
  /** Per-request timeout for ordinary calls (the event stream has none). */
  timeoutMs?: number;
}

/** An answer from the API that is not 2xx, as problem+json when the gateway sent one. */
export class ApiError extends CliError {
  constructor(
    message: string,
    readonly status: number,
    readonly problem?: ProblemDetails,
  ) {
    super(message, EXIT.server);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | boolean | undefined>;

interface RequestOptions {
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** `title (status): detail — field: message; field: message`, on one line. */
export function describeProblem(status: number, problem: Partial<ProblemDetails> | undefined, raw: string): string {
  if (!problem || typeof problem !== 'object' || !('title' in problem || 'detail' in problem)) {
    const text = oneLine(raw).slice(0, 200);
    return `HTTP ${status}${text ? `: ${text}` : ''}`;
  }
  const fields = (problem.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
  const head = `${problem.title ?? 'Error'} (${status})`;
  return oneLine(`${head}${problem.detail ? `: ${problem.detail}` : ''}${fields ? ` — ${fields}` : ''}`);
}

/** `cannot reach http://…: ECONNREFUSED` from fetch's TypeError('fetch failed', { cause }). */
function networkError(url: string, err: unknown): CliError {
  if (err instanceof CliError) return err;
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return new CliError(`no answer from ${url} in time`, EXIT.server);
  const reason = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
  return new CliError(`cannot reach ${url}: ${oneLine(reason)}`, EXIT.server);
}

/** The gateway's REST API: fetch, the API key on every call, problem+json → one-line errors. */
export class ApiClient {
  readonly baseUrl: string;

  constructor(private readonly options: ApiClientOptions) {
    this.baseUrl = options.url.replace(/\/+$/, '');
  }

  url(path: string, query?: Query): string {
    const u = new URL(`${this.baseUrl}${path}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  get authHeaders(): Record<string, string> {
    return { authorization: `Bearer ${this.options.key}` };
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const url = this.url(path, opts.query);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          ...this.authHeaders,
          ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...opts.headers,
        },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: opts.signal ?? AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
      });
    } catch (err) {
      throw networkError(this.baseUrl, err);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw networkError(this.baseUrl, err);
    }
    if (!res.ok) {
      let problem: ProblemDetails | undefined;
      try {
        problem = JSON.parse(text) as ProblemDetails;
      } catch {
        problem = undefined;
      }
      throw new ApiError(describeProblem(res.status, problem, text), res.status, problem);
    }
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CliError(
        `${method} ${path}: the server answered ${res.status} with a body that is not JSON`,
        EXIT.server,
      );
    }
  }

  /** Opens a text/event-stream response; errors before the stream starts are thrown like any call's. */
  async openStream(path: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(this.url(path), {
        headers: { accept: 'text/event-stream', ...this.authHeaders, ...headers },
        signal,
      });
    } catch (err) {
      throw networkError(this.baseUrl, err);
    }
    if (res.status !== 200 || !res.body) {
      const text = await res.text().catch(() => '');
      let problem: ProblemDetails | undefined;
      try {
        problem = JSON.parse(text) as ProblemDetails;
      } catch {
        problem = undefined;
      }
      throw new ApiError(describeProblem(res.status, problem, text), res.status, problem);
    }
    return res;
  }

  // ---- workflows ---------------------------------------------------------------------------

  createWorkflow(body: z.input<typeof CreateWorkflowRequest>, idempotencyKey: string) {
    return this.request<WorkflowResponse>('POST', '/v1/workflows', {
      body,
      headers: { 'idempotency-key': idempotencyKey },
    });
  }

  getWorkflow(id: string) {
    return this.request<WorkflowResponse>('GET', `/v1/workflows/${encodeURIComponent(id)}`);
  }

  listWorkflows(query: { limit?: number; cursor?: string; status?: string }) {
    return this.request<WorkflowListResponse>('GET', '/v1/workflows', { query });
  }

  submitAnswers(id: string, answers: Answer[]) {
    return this.request<WorkflowResponse>('POST', `/v1/workflows/${encodeURIComponent(id)}/answers`, {
      body: { answers },
    });
  }

  cancelWorkflow(id: string, reason?: string) {
    return this.request<WorkflowResponse>('POST', `/v1/workflows/${encodeURIComponent(id)}/cancel`, {
      body: reason ? { reason } : {},
    });
  }

  resumeWorkflow(id: string) {
    return this.request<ResumeWorkflowResponse>('POST', `/v1/workflows/${encodeURIComponent(id)}/resume`);
  }

  // ---- artifacts -----------------------------------------------------------------------------

  getTickets(id: string, view: 'tree' | 'flat') {
    return this.request<TicketsResponse>('GET', `/v1/workflows/${encodeURIComponent(id)}/tickets`, {
      query: { view },
    });
  }

  /** Stores a handoff with a pending execution; a repeated `idempotencyKey` returns the first one. */
  generateHandoff(id: string, body: HandoffRequest, idempotencyKey?: string) {
    return this.request<z.infer<typeof GenerateHandoffResponse>>(
      'POST',
      `/v1/workflows/${encodeURIComponent(id)}/handoffs`,
      { body, headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {} },
    );
  }

  listHandoffs(id: string) {
    return this.request<z.infer<typeof HandoffListResponse>>('GET', `/v1/workflows/${encodeURIComponent(id)}/handoffs`);
  }

  getHandoff(handoffId: string) {
    return this.request<HandoffResponse>('GET', `/v1/handoffs/${encodeURIComponent(handoffId)}`);
  }

  getExports(id: string, format: 'all' | 'taskmaster' | 'speckit') {
    return this.request<z.infer<typeof ExportsResponse>>('GET', `/v1/workflows/${encodeURIComponent(id)}/exports`, {
      query: { format },
    });
  }

  getUsage(id: string) {
    return this.request<UsageResponse>('GET', `/v1/workflows/${encodeURIComponent(id)}/usage`);
  }
}
