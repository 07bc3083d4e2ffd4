import { Inject, Injectable, Logger } from '@nestjs/common';
import { NATS_HANDLES, QueryError, requestQuery, type NatsHandles } from '@flowguard/messaging';
import type { z } from 'zod';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { queryProblem, type ProblemContext, type QueryService } from './query-problems';

/** How long the gateway waits for a service's answer before answering 503. */
export const QUERY_TIMEOUT_MS = 5_000;

/**
 * Asks the services that own the artifacts (request/reply over NATS, any replica answers) and
 * turns their refusals into problem+json: not_found 404, invalid_* 400, state refusals 409,
 * no answer 503. Callers have checked the workflow belongs to the tenant first.
 */
@Injectable()
export class ServiceQueries {
  private readonly logger = new Logger('ServiceQueries');

  constructor(
    @Inject(NATS_HANDLES) private readonly nats: NatsHandles,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async ask<T>(
    service: QueryService,
    name: string,
    payload: Record<string, unknown>,
    schema: z.ZodType<T>,
    context?: ProblemContext,
  ): Promise<T> {
    try {
      return await requestQuery(
        this.nats.nc,
        this.config.FG_NATS_PREFIX,
        service,
        name,
        payload,
        schema,
        QUERY_TIMEOUT_MS,
      );
    } catch (err) {
      const problem = queryProblem(service, err, context);
      if (err instanceof QueryError && (problem as { getStatus?: () => number }).getStatus?.() === 502) {
        this.logger.error(`${service} ${name} failed: ${err.code}: ${err.message}`);
      }
      throw problem;
    }
  }
}
