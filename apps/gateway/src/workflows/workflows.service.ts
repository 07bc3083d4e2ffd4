import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { CreateWorkflowRequest, EventData, EventEnvelope, ResumableEventType } from '@flowguard/contracts';
import { EventTransaction, createEvent } from '@flowguard/messaging';
import { DataSource, In, type FindOptionsWhere } from 'typeorm';
import { ProblemException, notFound } from '../http/problem';
import { RESUME_LOG_TYPES, planResume } from './resume-plan';
import { WorkflowEntity, WorkflowEventEntity } from './workflow.entity';

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

/** Workflow commands and reads, all scoped by the caller's tenant. */
@Injectable()
export class WorkflowsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: EventTransaction,
  ) {}

  /** Creates the workflow and its goal.submitted in one transaction; a repeated Idempotency-Key returns the first. */
  async create(tenantId: string, body: CreateWorkflowRequest, idempotencyKey?: string) {
    if (idempotencyKey) {
      const existing = await this.ds.manager.findOneBy(WorkflowEntity, { tenantId, idempotencyKey });
      if (existing) return { workflow: existing, created: false };
    }
    const id = randomUUID();
    try {
      const workflow = await this.tx.run(async ({ manager, emit }) => {
        await manager.insert(WorkflowEntity, {
          id,
          tenantId,
          status: 'submitted',
          phase: 'clarification',
          progress: 0,
          goal: body.goal,
          options: body.options,
          questions: [],
          complexity: null,
          specId: null,
          ticketSetId: null,
          handoffId: null,
          executionId: null,
          executionStatus: null,
          validation: null,
          errors: [],
          idempotencyKey: idempotencyKey ?? null,
          correlationId: id,
        });
        await emit(
          createEvent('goal.submitted', { tenantId, workflowId: id, correlationId: id, causationId: null }, body),
        );
        return manager.findOneByOrFail(WorkflowEntity, { id, tenantId });
      });
      return { workflow, created: true };
    } catch (err) {
      // Two requests with one Idempotency-Key raced: the loser returns the winner's workflow.
      if (idempotencyKey && (err as { code?: string }).code === '23505') {
        return {
          workflow: await this.ds.manager.findOneByOrFail(WorkflowEntity, { tenantId, idempotencyKey }),
          created: false,
        };
      }
      throw err;
    }
  }

  async get(tenantId: string, id: string): Promise<WorkflowEntity> {
    const workflow = await this.ds.manager.findOneBy(WorkflowEntity, { tenantId, id });
    if (!workflow) throw notFound(`workflow ${id}`);
    return workflow;
  }

  async list(tenantId: string, query: { limit: number; cursor?: string; status?: WorkflowEntity['status'] }) {
    const where: FindOptionsWhere<WorkflowEntity> = { tenantId, ...(query.status ? { status: query.status } : {}) };
    const qb = this.ds.manager
      .createQueryBuilder(WorkflowEntity, 'w')
      .where(where)
      .orderBy('w.created_at', 'DESC')
      .addOrderBy('w.id', 'DESC')
      .limit(query.limit + 1);
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor);
      qb.andWhere('(w.created_at, w.id) < (:at, :id)', { at, id });
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, query.limit);
    const next = rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null;
    return { items: page, nextCursor: next };
  }

  async answer(tenantId: string, id: string, data: EventData<'answers.submitted'>) {
    const workflow = await this.get(tenantId, id);
    if (workflow.status !== 'awaiting_answers' && workflow.status !== 'submitted') {
      throw new ProblemException({
        title: 'Conflict',
        status: 409,
        detail: `workflow is ${workflow.status}; answers are taken while it awaits them`,
      });
    }
    const known = new Set(workflow.questions.map((q) => q.id));
    const unknown = data.answers.filter((a) => workflow.questions.length > 0 && !known.has(a.questionId));
    if (unknown.length > 0) {
      throw new ProblemException({
        title: 'Invalid request',
        status: 400,
        detail: 'answers name questions this workflow does not have',
        errors: unknown.map((a) => ({
          field: `answers.${data.answers.indexOf(a)}.questionId`,
          message: `unknown question ${a.questionId}`,
        })),
      });
    }
    await this.tx.run(({ emit }) =>
      emit(
        createEvent(
          'answers.submitted',
          { tenantId, workflowId: id, correlationId: workflow.correlationId, causationId: null },
          data,
        ),
      ),
    );
    return workflow;
  }

  /**
   * Publishes workflow.cancelled once: the first request marks the row under its lock (the
   * projection takes the same lock); a concurrent or repeated one before the projection has
   * caught up answers the same 202 and publishes nothing.
   */
  async cancel(tenantId: string, id: string, reason?: string) {
    const workflow = await this.get(tenantId, id);
    if (TERMINAL.has(workflow.status)) {
      throw new ProblemException({ title: 'Conflict', status: 409, detail: `workflow is already ${workflow.status}` });
    }
    await this.tx.run(async ({ manager, emit }) => {
      const where = { id, tenantId };
      const locked = await manager.findOne(WorkflowEntity, { where, lock: { mode: 'pessimistic_write' } });
      if (!locked || locked.cancelRequestedAt || TERMINAL.has(locked.status)) return;
      await manager.update(WorkflowEntity, where, { cancelRequestedAt: new Date() });
      await emit(
        createEvent(
          'workflow.cancelled',
          { tenantId, workflowId: id, correlationId: workflow.correlationId, causationId: null },
          { reason },
        ),
      );
    });
    return workflow;
  }

  /**
   * Re-publishes the trigger of the first unfinished phase (see planResume) through the
   * outbox, under the workflow row's lock (the projection takes the same lock, so the log
   * read here is the one the decision is made on). A failed workflow is allowed: its status
   * goes back to that phase's, so the events the retried phase produces are projected again;
   * its `errors` keep the failure. Completed and cancelled workflows answer 409.
   *
   * Limitation: the services stay idempotent, so a phase whose artifact exists ignores the
   * copy, and a phase whose BullMQ job failed for good does not run again while that failed
   * job is kept under its deterministic id (removeOnFail: 7 days), nor does it report a second
   * workflow.failed (failOnce). Retrying those needs the service to drop or retry its failed
   * job when a trigger arrives again (e.g. on a copy: causationId names an event it has seen).
   */
  async resume(
    tenantId: string,
    id: string,
  ): Promise<{ workflow: WorkflowEntity; event: EventEnvelope & { type: ResumableEventType } }> {
    return this.tx.run(async ({ manager, emit }) => {
      const where = { tenantId, id };
      const workflow = await manager.findOne(WorkflowEntity, { where, lock: { mode: 'pessimistic_write' } });
      if (!workflow) throw notFound(`workflow ${id}`);
      if (workflow.status === 'completed' || workflow.status === 'cancelled') {
        throw new ProblemException({
          title: 'Conflict',
          status: 409,
          detail: `workflow is ${workflow.status}; only unfinished or failed workflows can be resumed`,
        });
      }
      const rows = await manager.find(WorkflowEventEntity, {
        select: { seq: true, envelope: true },
        where: { tenantId, workflowId: id, type: In([...RESUME_LOG_TYPES]) },
        order: { seq: 'ASC' },
      });
      const plan = planResume(
        workflow,
        rows.map((r) => r.envelope as unknown as EventEnvelope),
      );
      if (plan.kind === 'nothing') {
        throw new ProblemException({ title: 'Conflict', status: 409, detail: `nothing to resume: ${plan.detail}` });
      }
      if (workflow.status === 'failed') {
        await manager.update(WorkflowEntity, where, { status: plan.status, phase: plan.phase });
      }
      await emit(plan.event);
      return { workflow: await manager.findOneByOrFail(WorkflowEntity, where), event: plan.event };
    });
  }
}

function encodeCursor(w: WorkflowEntity): string {
  return Buffer.from(`${w.createdAt.toISOString()}|${w.id}`).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new ProblemException({
      title: 'Invalid request',
      status: 400,
      detail: 'bad cursor',
      errors: [{ field: 'cursor', message: 'not a cursor this API issued' }],
    });
  }
  return [at, id];
}
