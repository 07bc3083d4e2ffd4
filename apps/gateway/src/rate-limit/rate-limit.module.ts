import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { RateLimitInterceptor } from './rate-limit.interceptor';
import { TenantRateLimiter } from './tenant-rate-limiter';

/** Per-tenant rate limit on every authenticated route (RATE_LIMIT_PER_MINUTE, RATE_LIMIT_BURST). */
@Module({})
export class RateLimitModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: RateLimitModule,
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        TenantRateLimiter,
        { provide: APP_INTERCEPTOR, useClass: RateLimitInterceptor },
      ],
      exports: [TenantRateLimiter],
    };
  }
}
