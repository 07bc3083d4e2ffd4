import type { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

interface Sample {
  /** The sequence's last value when sampled. */
  seq: bigint;
  /** A transaction id taken right after: every transaction that could hold a seq ≤ `seq` has an xid below it. */
  xid: bigint;
  at: number;
}

/**
 * The highest seq below which every workflow_event row is committed, for the tenant stream.
 *
 * seq comes from a sequence at insert time, so two projection transactions for different
 * workflows may commit out of seq order (10 still open while 11 is visible). A cursor that
 * read 11 and moved on would never send 10. One workflow's events cannot do this (the
 * projection locks the workflow row before inserting), but a tenant's can. So: sample the
 * sequence's last value v, then take a fresh transaction id F; every transaction that could
 * hold a seq ≤ v got its xid before F (writers get their xid before they take a seq: their
 * inbox insert and row lock come first). Once a later snapshot's xmin ≥ F, all of them have
 * ended and no row with seq ≤ v can still appear.
 *
 * F must be a fresh xid, not a snapshot's xmax: xmax is one past the latest *completed* xid,
 * and a transaction with a newer xid may still be running and holding a seq ≤ v (seen under
 * load: a workflow's tickets.generated never reached the tenant stream). The price is one
 * xid per sample (committed without waiting for a WAL flush), and samples are only taken
 * when the sequence moved.
 *
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
    // The sequence first, then a fresh xid (two statements, in that order), then the oldest
    // transaction still running.
    const seq = await this.lastSeq();
    if (seq > this.sampled) {
      // Its commit need not wait for a WAL flush: only the xid's value matters, not its durability.
      const [{ xid }]: { xid: string }[] = await this.ds.query(
        "SELECT set_config('synchronous_commit', 'off', true), pg_current_xact_id()::text AS xid",
      );
      this.samples.push({ seq, xid: BigInt(xid), at: Date.now() });
      this.sampled = seq;
    }
    const [snap]: { xmin: string }[] = await this.ds.query(
      'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin',
    );
    const xmin = BigInt(snap.xmin);
    let safe = this.safe;
    const now = Date.now();
    // Samples are in seq and xid order: settle from the oldest.
    while (this.samples.length > 0) {
      const oldest = this.samples[0];
      if (oldest.xid > xmin) {
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
