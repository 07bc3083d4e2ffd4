import IORedis from 'ioredis';

// Lease-based counting semaphore in one sorted set per tenant and queue: members name one
// run of a job (the worker passes `<jobId>:<lock token>`), scores their lease expiry. Expired
// leases (a killed worker) free themselves.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[4]) then
  redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[4])
  return 1
end
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`;

/**
 * Per-tenant concurrency cap shared by every replica of a service. BullMQ OSS has no groups,
 * so a job whose tenant is at its cap is put back as delayed (no attempt spent) and the
 * worker takes the next job, which is how another tenant's jobs get through a burst.
 */
export class TenantSlots {
  private readonly redis: IORedis;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly cap: number,
    private readonly leaseMs: number,
  ) {
    this.redis = new IORedis(redisUrl, { maxRetriesPerRequest: 3 });
    this.redis.on('error', () => undefined);
  }

  private key(queue: string, tenantId: string) {
    return `${this.prefix}:tenant-slots:${queue}:${tenantId}`;
  }

  /** `member` names one run of a job, so only that run's release frees its slot. */
  async acquire(queue: string, tenantId: string, member: string): Promise<boolean> {
    const ok = await this.redis.eval(ACQUIRE, 1, this.key(queue, tenantId), Date.now(), this.leaseMs, this.cap, member);
    return ok === 1;
  }

  /**
   * Extends a held slot's lease by another `leaseMs` (a running job calls this every third of
   * it, as BullMQ renews its lock); a lapsed member is not brought back.
   */
  async renew(queue: string, tenantId: string, member: string): Promise<void> {
    const key = this.key(queue, tenantId);
    await this.redis.zadd(key, 'XX', Date.now() + this.leaseMs, member);
    await this.redis.pexpire(key, this.leaseMs);
  }

  async release(queue: string, tenantId: string, member: string): Promise<void> {
    await this.redis.zrem(this.key(queue, tenantId), member);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
