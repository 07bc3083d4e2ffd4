import type { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

interface Sample {
  /** The sequence's last value when sampled. */
  seq: bigint;
  /** xmax of a snapshot taken right after: every transaction that could hold a seq ≤ `seq` has an xid below it. */
  xmax: bigint;
  at: number;
}

/**
 * The highest seq below which every workflow_event row is committed, for the tenant stream.
 *
 * seq comes from a sequence at insert time, so two projection transactions for different
 * workflows may commit out of seq order (10 still open while 11 is visible). A cursor that
 * read 11 and moved on would never send 10. One workflow's events cannot do this (the
 * projection locks the workflow row before inserting), but a tenant's can. So: sample the
 * sequence's last value v, then a snapshot S; once every transaction running at S has ended
 * (a later snapshot's xmin ≥ S.xmax), no row with seq ≤ v can still appear. Writers get their
 * xid before they take a seq (their inbox insert and row lock come first), which this relies on.
 * A transaction that stays open longer than `maxWaitMs` (an idle session elsewhere on the
 * server) is not waited for beyond that; it is logged.
 */
export class CommitHorizon {
  private safe = 0n;
  private sampled = 0n;
  private samples: Sample[] = [];
  private busy = false;
  private again = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private warnedAt = 0;
  private readyOnce = false;

  constructor(
    private readonly ds: DataSource,
    /** The quoted table name, e.g. "gateway"."workflow_event". */
    private readonly table: string,
    private readonly onAdvance: () => void,
    private readonly log: Logger,
    private readonly maxWaitMs: number,
    private readonly recheckMs = 20,
  ) {}

  get value(): bigint {
    return this.safe;
  }

  /** False until a first sample has settled (until then `value` is 0, not a real horizon). */
  get ready(): boolean {
    return this.readyOnce;
  }

  /** The sequence's last value (0 before the first row): where a new tenant stream starts. */
  async lastSeq(): Promise<bigint> {
    const rows: { v: string | null }[] = await this.ds.query(
      `SELECT pg_sequence_last_value(pg_get_serial_sequence($1, 'seq')::regclass)::text AS v`,
      [this.table],
    );
    return BigInt(rows[0]?.v ?? 0);
  }

  /** New rows may exist: sample and settle (coalesced; re-checks by itself while samples wait). */
  request(): void {
    if (this.stopped) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async run(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.step();
      } while (this.again && !this.stopped);
    } catch (err) {
      this.log.warn(`commit horizon: ${(err as Error).message}`);
    } finally {
      this.busy = false;
    }
    if (this.samples.length > 0 && !this.stopped && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.request();
      }, this.recheckMs);
      this.timer.unref();
    }
  }

  private async step(): Promise<void> {
    // The sequence first, then the snapshot (two statements: one statement's snapshot is
    // taken before it reads the sequence, which is the wrong order).
    const seq = await this.lastSeq();
    const [snap]: { xmin: string; xmax: string }[] = await this.ds.query(
      'SELECT pg_snapshot_xmin(s)::text AS xmin, pg_snapshot_xmax(s)::text AS xmax FROM (SELECT pg_current_snapshot() AS s) q',
    );
    const xmin = BigInt(snap.xmin);
    if (seq > this.sampled) {
      this.samples.push({ seq, xmax: BigInt(snap.xmax), at: Date.now() });
      this.sampled = seq;
    }
    let safe = this.safe;
    const now = Date.now();
    // Samples are in seq and xmax order: settle from the oldest.
    while (this.samples.length > 0) {
      const oldest = this.samples[0];
      if (oldest.xmax > xmin) {
        if (now - oldest.at < this.maxWaitMs) break;
        if (now - this.warnedAt > 60_000) {
          this.warnedAt = now;
          this.log.warn(`a transaction open over ${this.maxWaitMs} ms holds back tenant streams; not waiting for it`);
        }
      }
      if (oldest.seq > safe) safe = oldest.seq;
      this.samples.shift();
    }
    if (this.samples.length === 0) this.readyOnce = true;
    if (safe > this.safe) {
      this.safe = safe;
      this.onAdvance();
    }
  }
}
