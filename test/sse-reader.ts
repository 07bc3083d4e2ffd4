/** One server-sent event as it arrived on the wire. */
export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/**
 * Reads a `text/event-stream` response with fetch (so it can send the API key, which a
 * browser EventSource cannot) and parses `id:` / `event:` / `data:` lines and comments.
 */
export class SseReader {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  /** True once the server closed the stream (not when we aborted it). */
  endedByServer = false;
  /** Resolves when reading stops, for whatever reason. */
  readonly finished: Promise<void>;
  private pending: Partial<SseEvent> = {};

  private constructor(
    readonly status: number,
    readonly contentType: string,
    private readonly abort: AbortController,
    body: ReadableStream<Uint8Array> | null,
  ) {
    this.finished = body ? this.read(body) : Promise.resolve();
  }

  static async open(url: string, headers: Record<string, string>): Promise<SseReader> {
    const abort = new AbortController();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    if (res.status !== 200) {
      const text = await res.text().catch(() => '');
      throw new Error(`SSE ${url} answered ${res.status}: ${text}`);
    }
    return new SseReader(res.status, res.headers.get('content-type') ?? '', abort, res.body);
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
          return;
        }
        buf += decoder.decode(value, { stream: true });
        let nl: number;
        while ((nl = buf.search(/\r\n|\r|\n/)) >= 0) {
          const sep = buf.startsWith('\r\n', nl) ? 2 : 1;
          this.line(buf.slice(0, nl));
          buf = buf.slice(nl + sep);
        }
      }
    } catch {
      // aborted by close()
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.pending.data !== undefined) this.events.push({ ...this.pending, data: this.pending.data });
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

  close(): void {
    this.abort.abort();
  }
}
