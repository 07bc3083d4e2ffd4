import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  SPEC_SCHEMA_VERSION,
  type Complexity,
  type EventData,
  type EventEnvelope,
  type SpecContent,
  type WorkflowOptions,
} from '@flowguard/contracts';
import { EventPublisher, NATS_HANDLES, createEvent, requestQuery, type NatsHandles } from '@flowguard/messaging';
import { EventProbe, FakeOpenAiServer, createIsolation, waitFor, type Isolation } from '@flowguard/testing';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import { loadTicketGenConfig } from '../src/config';
import { TicketGenModule } from '../src/ticket-gen.module';

/**
 * The ticket-gen service in-process on real Postgres, Redis and NATS (one isolation per test),
 * as the clarifier's integration test does it, plus helpers to feed it spec.created and to ask
 * it queries over NATS request/reply.
 */
export class TicketGenHarness {
  iso: Isolation;
  app?: INestApplication;
  probe: EventProbe;
  publisher: EventPublisher;
  ds: DataSource;
  nats: NatsHandles;
  fake?: FakeOpenAiServer;

  async setup(): Promise<void> {
    this.iso = await createIsolation('ticketgen');
    this.probe = await EventProbe.open(this.iso.natsUrl, this.iso.natsPrefix);
  }

  async teardown(): Promise<void> {
    await this.app?.close();
    this.app = undefined;
    await this.fake?.stop();
    this.fake = undefined;
    await this.probe.close();
    await this.iso.cleanup();
  }

  async boot(env: Record<string, string> = {}): Promise<void> {
    const config = loadTicketGenConfig({
      ...this.iso.env,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      EVENT_RETRY_BASE_MS: '100',
      TICKETS_JOB_ATTEMPTS: '2',
      TICKETS_JOB_BACKOFF_MS: '100',
      ...env,
    });
    const moduleRef = await Test.createTestingModule({ imports: [TicketGenModule.register(config)] }).compile();
    this.app = moduleRef.createNestApplication({ logger: process.env.TEST_LOG_LEVEL ? undefined : false });
    await this.app.init();
    this.publisher = this.app.get(EventPublisher);
    this.ds = this.app.get(DataSource);
    this.nats = this.app.get<NatsHandles>(NATS_HANDLES);
  }

  /** The service's schema-qualified rows of one workflow (raw SQL: what is really stored). */
  rows<T = Record<string, unknown>>(table: string, workflowId: string): Promise<T[]> {
    return this.ds.query(`SELECT * FROM ticket_gen.${table} WHERE workflow_id = $1`, [workflowId]);
  }

  query<T>(name: string, payload: unknown, schema: z.ZodType<T>): Promise<T> {
    return requestQuery(this.nats.nc, this.iso.natsPrefix, 'ticket-gen', name, payload, schema);
  }

  async waitForEvents(type: string, workflowId: string, count = 1): Promise<EventEnvelope[]> {
    return waitFor(`${count} × ${type}`, async () => {
      const found = await this.probe.ofType(type, workflowId);
      return found.length >= count ? found : undefined;
    });
  }
}

export interface SpecEventOptions {
  complexity?: Complexity;
  options?: Partial<WorkflowOptions>;
  tenantId?: string;
  workflowId?: string;
}

/** spec.created for a fixture spec, wrapped into a Spec domain object with a fresh id. */
export function specCreated(
  content: SpecContent,
  { complexity = 'medium', options = {}, tenantId = randomUUID(), workflowId = randomUUID() }: SpecEventOptions = {},
): EventEnvelope<EventData<'spec.created'>> {
  return createEvent(
    'spec.created',
    { tenantId, workflowId, correlationId: `corr-${workflowId}`, causationId: randomUUID() },
    {
      spec: {
        schemaVersion: SPEC_SCHEMA_VERSION,
        id: randomUUID(),
        tenantId,
        workflowId,
        version: 1,
        content,
        generatedBy: { provider: 'offline', model: 'flowguard-rules-v1', promptId: 'spec', promptVersion: 1 },
        createdAt: new Date().toISOString(),
      },
      complexity,
      options: { autoAnswer: true, maxTickets: 40, priorityDistribution: 'balanced', ...options },
      markdown: `# ${content.title}\n`,
    },
  );
}

/** The ticket-gen origin of a follow-up event for the same workflow (cancel, a second delivery). */
export const originOf = (event: EventEnvelope) => ({
  tenantId: event.tenantId,
  workflowId: event.workflowId,
  correlationId: event.correlationId,
  causationId: null,
});
