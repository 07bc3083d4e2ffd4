import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { ProblemException } from '../http/problem';
import type { TenantRequest } from '../tenants/api-key.guard';
import { TenantRateLimiter } from './tenant-rate-limiter';

/**
 * Global, and after authentication (interceptors run after guards): every request ApiKeyGuard
 * let through spends one token of its tenant's bucket. Unauthenticated routes (/health, /docs)
 * carry no tenant and are not counted. Every counted response has RateLimit-* headers; an
 * empty bucket answers 429 problem+json with Retry-After.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  constructor(private readonly limiter: TenantRateLimiter) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const tenantId = context.switchToHttp().getRequest<TenantRequest>().tenantId;
    if (!tenantId) return next.handle();
    const decision = await this.limiter.take(tenantId);
    if (!decision) return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    res.setHeader('RateLimit-Policy', this.limiter.policy);
    res.setHeader('RateLimit-Limit', String(decision.limit));
    res.setHeader('RateLimit-Remaining', String(decision.remaining));
    res.setHeader('RateLimit-Reset', String(decision.resetSeconds));
    if (!decision.allowed) {
      res.setHeader('Retry-After', String(decision.retryAfterSeconds));
      throw new ProblemException({
        title: 'Too Many Requests',
        status: 429,
        detail: `rate limit exceeded (${this.limiter.policy}); retry in ${decision.retryAfterSeconds} s`,
      });
    }
    return next.handle();
  }
}
