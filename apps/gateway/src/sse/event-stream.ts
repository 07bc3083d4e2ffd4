import type { Logger } from '@nestjs/common';
import type { Response } from 'express';
import { HEARTBEAT, formatEvent, type StreamRow } from './sse-format';

/** Rows read per query; a long backlog is sent page by page, waiting for the socket to drain. */
export const PAGE_SIZE = 500;

export interface EventStreamOptions {
  tenantId: string;
  /** Set for a workflow stream; unset for the tenant stream. */
  workflowId?: string;
  /** The last seq the client has (Last-Event-ID), or where the stream starts. */
  after: bigint;
  /** Reads up to PAGE_SIZE rows with seq > after, in seq order, scoped to this stream. */
  read(after: bigint): Promise<StreamRow[]>;
  /** True when the stream ends right after sending `row`. */
  endsAfter(row: StreamRow): boolean;
  /** End once the first catch-up is sent (the client resumed after the workflow finished). */
  endAfterCatchUp: boolean;
  heartbeatMs: number;
  onClosed(stream: EventStream): void;
  log: Logger;
}

/**
 * One client's stream: a cursor (the last seq sent) and a pump. Every wake — the first one
 * replays the backlog — reads rows with seq > cursor, so a wake that arrives while a read is
 * running only marks "read again": nothing is missed and nothing is sent twice.
 */
export class EventStream {
  readonly tenantId: string;
  readonly workflowId?: string;
  private cursor: bigint;
  private closed = false;
  private running = false;
  private again = false;
  private caughtUp = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly res: Response,
    private readonly opts: EventStreamOptions,
  ) {
    this.tenantId = opts.tenantId;
    this.workflowId = opts.workflowId;
    this.cursor = opts.after;
    this.heartbeat = setInterval(() => {
      if (!this.closed && !res.writableNeedDrain) res.write(HEARTBEAT);
    }, opts.heartbeatMs);
    this.heartbeat.unref();
    res.on('close', () => this.finish());
    if (res.destroyed || res.socket?.destroyed) this.finish(); // the client left during set-up
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Something may have been recorded for this stream: read from the cursor (coalesced). */
  wake(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.pump();
  }

  /** Ends the response (shutdown, terminal event). */
  end(): void {
    if (this.closed) return;
    this.finish();
    this.res.end();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.opts.onClosed(this);
  }

  private async pump(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.drain();
      } while (this.again && !this.closed);
    } catch (err) {
      // Keep the stream: the next wake (at the latest the poll) reads from the same cursor.
      this.opts.log.warn(`stream read failed: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows = await this.opts.read(this.cursor);
      for (const row of rows) {
        if (this.closed) return;
        const seq = BigInt(row.seq);
        if (seq <= this.cursor) continue;
        await this.send(formatEvent(row));
        this.cursor = seq;
        if (this.opts.endsAfter(row)) return this.end();
      }
      if (rows.length < PAGE_SIZE || this.closed) break;
    }
    if (!this.caughtUp) {
      this.caughtUp = true;
      if (this.opts.endAfterCatchUp) this.end();
    }
  }

  private send(chunk: string): Promise<void> {
    if (this.res.write(chunk)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }
}
