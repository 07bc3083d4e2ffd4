import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { ProblemException } from '../http/problem';
import { WorkflowEventHooks } from '../workflows/workflow-event-hooks';
import { WorkflowEventEntity } from '../workflows/workflow.entity';
import { CommitHorizon } from './commit-horizon';
import { EventStream, PAGE_SIZE } from './event-stream';
import { PgListener, listenerConfig } from './pg-listener';
import { finishesWorkflow, type StreamRow } from './sse-format';
import { SSE_OPTIONS, type SseOptions } from './sse.options';

/** Postgres channel; the payload is `<tenant>:<workflow>:<seq>`, a hint only (rows are re-read). */
export const SSE_CHANNEL = 'fg_workflow_events';

export interface OpenWorkflowStream {
  tenantId: string;
  workflowId: string;
  after: bigint;
  follow: boolean;
  hasAgent: boolean;
  /** The workflow had already finished when the client connected. */
  finished: boolean;
}

/**
 * Every open SSE stream of this process and what wakes them: the projection's hook
 * (in-process, after commit), Postgres NOTIFY from any replica (sent in the recording
 * transaction, so only on commit), a reconnect of the LISTEN client, and a slow poll.
 */
@Injectable()
export class SseHub implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('Sse');
  private readonly streams = new Set<EventStream>();
  private readonly listener: PgListener;
  private readonly horizon: CommitHorizon;
  private readonly table: string;
  private poll?: NodeJS.Timeout;
  /** The horizon the last poll looked up to; undefined: the next poll wakes every stream. */
  private polled?: bigint;
  private warming = false;
  private polling = false;
  private closing = false;

  constructor(
    private readonly ds: DataSource,
    private readonly hooks: WorkflowEventHooks,
    @Inject(SSE_OPTIONS) private readonly options: SseOptions,
  ) {
    this.listener = new PgListener(
      listenerConfig(ds.options),
      SSE_CHANNEL,
      (payload) => this.onNotification(payload),
      () => this.wakeAll(),
      this.log,
    );
    const meta = ds.getMetadata(WorkflowEventEntity);
    this.table = [meta.schema, meta.tableName]
      .filter(Boolean)
      .map((part) => `"${part}"`)
      .join('.');
    this.horizon = new CommitHorizon(
      ds,
      this.table,
      () => this.wakeTenantStreams(),
      this.log,
      options.horizonMaxWaitMs,
    );
  }

  onModuleInit(): void {
    this.hooks.register({
      inTransaction: async (manager, row) => {
        await manager.query('SELECT pg_notify($1, $2)', [SSE_CHANNEL, `${row.tenantId}:${row.workflowId}:${row.seq}`]);
      },
      afterCommit: (row) => this.wake(row.tenantId, row.workflowId),
    });
    this.listener.start();
    this.poll = setInterval(() => void this.pollOnce(), this.options.pollMs);
    this.poll.unref();
  }

  /** Shutdown: end every stream so the HTTP server can close and SIGTERM exits promptly. */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    clearInterval(this.poll);
    this.horizon.stop();
    for (const stream of [...this.streams]) stream.end();
    await this.listener.stop();
  }

  get openStreams(): number {
    return this.streams.size;
  }

  /** One workflow: its whole log (or after Last-Event-ID), then live until it finishes. */
  openWorkflow(req: Request, res: Response, o: OpenWorkflowStream): void {
    const repo = this.ds.getRepository(WorkflowEventEntity);
    this.open(req, res, {
      tenantId: o.tenantId,
      workflowId: o.workflowId,
      after: o.after,
      endAfterCatchUp: o.finished && !o.follow,
      endsAfter: (row) => !o.follow && finishesWorkflow(row.type, o.hasAgent),
      read: (after) =>
        repo
          .createQueryBuilder('e')
          .select(['e.seq', 'e.type', 'e.envelope'])
          .where('e.workflowId = :workflowId AND e.tenantId = :tenantId AND e.seq > :after', {
            workflowId: o.workflowId,
            tenantId: o.tenantId,
            after: after.toString(),
          })
          .orderBy('e.seq', 'ASC')
          .limit(PAGE_SIZE)
          .getMany() as Promise<StreamRow[]>,
    });
  }

  /** All the tenant's workflows: after Last-Event-ID, or from now; never ends by itself. */
  async openTenant(req: Request, res: Response, o: { tenantId: string; after?: bigint }): Promise<void> {
    this.assertOpen();
    const after = o.after ?? (await this.horizon.lastSeq());
    const repo = this.ds.getRepository(WorkflowEventEntity);
    this.open(req, res, {
      tenantId: o.tenantId,
      after,
      endAfterCatchUp: false,
      endsAfter: () => false,
      read: async (from) => {
        const upTo = this.horizon.value;
        if (upTo <= from) return [];
        return repo
          .createQueryBuilder('e')
          .select(['e.seq', 'e.type', 'e.envelope'])
          .where('e.tenantId = :tenantId AND e.seq > :from AND e.seq <= :upTo', {
            tenantId: o.tenantId,
            from: from.toString(),
            upTo: upTo.toString(),
          })
          .orderBy('e.seq', 'ASC')
          .limit(PAGE_SIZE)
          .getMany() as Promise<StreamRow[]>;
      },
    });
    this.horizon.request();
  }

  private assertOpen(): void {
    if (this.closing) {
      throw new ProblemException({ title: 'Service Unavailable', status: 503, detail: 'the gateway is shutting down' });
    }
  }

  private open(
    req: Request,
    res: Response,
    o: Pick<
      ConstructorParameters<typeof EventStream>[1],
      'tenantId' | 'workflowId' | 'after' | 'read' | 'endsAfter' | 'endAfterCatchUp'
    >,
  ): void {
    this.assertOpen();
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setNoDelay(true);
    req.socket.setKeepAlive(true);
    res.write(': connected\n\n');
    const stream = new EventStream(res, {
      ...o,
      heartbeatMs: this.options.heartbeatMs,
      onClosed: (s) => this.streams.delete(s),
      log: this.log,
    });
    if (stream.isClosed) return; // the client left while we were setting up
    // Subscribe before the first read (the replay): a notification that arrives meanwhile
    // makes the stream read again from its cursor, so the hand-over has no gap.
    this.streams.add(stream);
    stream.wake();
  }

  private onNotification(payload: string | undefined): void {
    const [tenantId, workflowId] = payload?.split(':') ?? [];
    if (tenantId && workflowId) this.wake(tenantId, workflowId);
    else this.wakeAll();
  }

  private wake(tenantId: string, workflowId: string): void {
    let tenantStreams = false;
    for (const stream of this.streams) {
      if (stream.tenantId !== tenantId) continue;
      if (!stream.workflowId) tenantStreams = true;
      else if (stream.workflowId !== workflowId) continue;
      stream.wake();
    }
    if (tenantStreams) this.horizon.request();
  }

  private wakeAll(): void {
    let tenantStreams = false;
    for (const stream of this.streams) {
      if (!stream.workflowId) tenantStreams = true;
      stream.wake();
    }
    if (tenantStreams) this.horizon.request();
  }

  /**
   * The safety net for a lost notification, one query per tick whatever the number of streams:
   * the workflows with rows committed since the last tick (up to the commit horizon, so a row
   * that commits late is still found by a later tick) wake their streams.
   */
  private async pollOnce(): Promise<void> {
    if (this.polling || this.closing) return;
    if (this.streams.size === 0) {
      this.polled = undefined;
      this.warming = false;
      return;
    }
    this.polling = true;
    try {
      this.horizon.request();
      const upTo = this.horizon.value;
      if (this.polled === undefined) {
        // First ticks after idling: wake everyone; track from the horizon once the sample
        // requested a tick ago has had time to settle.
        if (this.warming && this.horizon.ready) this.polled = upTo;
        this.warming = true;
        this.wakeAll();
        return;
      }
      if (upTo <= this.polled) return;
      const changed: { tenant_id: string; workflow_id: string }[] = await this.ds.query(
        `SELECT DISTINCT tenant_id, workflow_id FROM ${this.table} WHERE seq > $1 AND seq <= $2`,
        [this.polled.toString(), upTo.toString()],
      );
      this.polled = upTo;
      for (const row of changed) this.wake(row.tenant_id, row.workflow_id);
    } catch (err) {
      this.log.warn(`poll failed: ${(err as Error).message}`);
    } finally {
      this.polling = false;
    }
  }

  private wakeTenantStreams(): void {
    for (const stream of this.streams) if (!stream.workflowId) stream.wake();
  }
}
