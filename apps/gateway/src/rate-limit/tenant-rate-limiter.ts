import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import IORedis from 'ioredis';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';

export interface RateDecision {
  allowed: boolean;
  /** Bucket size (RateLimit-Limit). */
  limit: number;
  /** Whole requests left right now (RateLimit-Remaining). */
  remaining: number;
  /** Seconds until the bucket is full again (RateLimit-Reset). */
  resetSeconds: number;
  /** Seconds until one request is allowed again (Retry-After); 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Token bucket, atomic in Redis: `burst` tokens, refilled at `rate` tokens per ms, one per
 * request. Redis's clock is the only clock, so replicas agree; an idle bucket expires once full.
 * Returns {allowed, tokens left} (tokens as a string: Lua numbers would be truncated).
 */
const TOKEN_BUCKET = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate) + 1000)
return { allowed, tostring(tokens) }
`;

type BucketClient = IORedis & {
  fgTokenBucket(key: string, capacity: number, ratePerMs: number): Promise<[number, string]>;
};

/**
 * Per-tenant request budget: RATE_LIMIT_PER_MINUTE refill, RATE_LIMIT_BURST bucket. When Redis
 * is unreachable the request is let through (logged): the limiter protects the service, it
 * must not take the API down with Redis.
 */
@Injectable()
export class TenantRateLimiter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly perMinute: number;
  private readonly burst: number;
  private readonly ratePerMs: number;
  private readonly prefix: string;
  private client?: BucketClient;
  private ready?: Promise<void>;
  private lastWarning = 0;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.perMinute = config.RATE_LIMIT_PER_MINUTE;
    this.burst = config.RATE_LIMIT_BURST ?? config.RATE_LIMIT_PER_MINUTE;
    this.ratePerMs = this.perMinute / 60_000;
    this.prefix = `${config.FG_REDIS_PREFIX}:ratelimit:`;
    if (this.enabled) {
      this.client = new IORedis(config.REDIS_URL, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: 1_000,
      }) as BucketClient;
      this.client.on('error', () => undefined);
      this.client.defineCommand('fgTokenBucket', { numberOfKeys: 1, lua: TOKEN_BUCKET });
    }
  }

  get enabled(): boolean {
    return this.perMinute > 0;
  }

  /** The `RateLimit-Policy` header value: quota per 60 s window, and the burst. */
  get policy(): string {
    return `${this.perMinute};w=60;burst=${this.burst}`;
  }

  onModuleInit(): void {
    this.ready = this.client?.connect().catch((err: Error) => this.warn(err));
  }

  /** Takes one token for `tenantId`; null when the limit is off or Redis did not answer. */
  async take(tenantId: string): Promise<RateDecision | null> {
    if (!this.client) return null;
    await this.ready;
    try {
      const [allowed, left] = await this.client.fgTokenBucket(`${this.prefix}${tenantId}`, this.burst, this.ratePerMs);
      const tokens = Number(left);
      const msPerToken = 1 / this.ratePerMs;
      return {
        allowed: allowed === 1,
        limit: this.burst,
        remaining: Math.max(0, Math.floor(tokens)),
        resetSeconds: Math.ceil(((this.burst - tokens) * msPerToken) / 1000),
        retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(((1 - tokens) * msPerToken) / 1000)),
      };
    } catch (err) {
      this.warn(err as Error);
      return null;
    }
  }

  private warn(err: Error): void {
    if (Date.now() - this.lastWarning < 30_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(`rate limit not enforced, Redis unavailable: ${err.message}`);
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
  }
}
