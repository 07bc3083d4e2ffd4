import { waitFor } from './wait';

export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

/**
 * A minimal EventSource for tests: fetch (so it can send the API key, which a browser
 * EventSource cannot) + a line parser (id, event, data, comments).
 */
export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  /** Set when the server ended the stream (not when we aborted it). */
  endedByServer = false;
  private done = false;
  private pending: Partial<SseMessage> & { data?: string } = {};

  private constructor(
    readonly status: number,
    readonly headers: Headers,
    private readonly abort: AbortController,
  ) {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const abort = new AbortController();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    const client = new SseClient(res.status, res.headers, abort);
    if (res.status !== 200 || !res.body) {
      client.done = true;
      await res.text().catch(() => undefined);
      return client;
    }
    void client.read(res.body);
    return client;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          this.endedByServer = true;
          break;
        }
        buf += decoder.decode(value, { stream: true });
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          this.line(buf.slice(0, nl).replace(/\r$/, ''));
          buf = buf.slice(nl + 1);
        }
      }
    } catch {
      // aborted by close()
    } finally {
      this.done = true;
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.pending.data !== undefined) this.messages.push({ ...this.pending, data: this.pending.data });
      this.pending = {};
      return;
    }
    if (line.startsWith(':')) {
      this.comments.push(line.slice(1).trim());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data')
      this.pending.data = this.pending.data === undefined ? value : `${this.pending.data}\n${value}`;
    else if (field === 'id') this.pending.id = value;
    else if (field === 'event') this.pending.event = value;
  }

  get closed(): boolean {
    return this.done;
  }

  get ids(): string[] {
    return this.messages.map((m) => m.id ?? '');
  }

  envelopes<T = { id: string; type: string; tenantId: string; workflowId: string }>(): T[] {
    return this.messages.map((m) => JSON.parse(m.data) as T);
  }

  async waitForCount(n: number, timeoutMs = 10_000): Promise<SseMessage[]> {
    return waitFor(
      `${n} SSE messages (have ${this.messages.length})`,
      () => this.messages.length >= n && this.messages,
      {
        timeoutMs,
        intervalMs: 20,
      },
    );
  }

  async waitForEnd(timeoutMs = 10_000): Promise<void> {
    await waitFor('the server to end the stream', () => this.done, { timeoutMs, intervalMs: 20 });
  }

  close(): void {
    this.abort.abort();
  }
}
