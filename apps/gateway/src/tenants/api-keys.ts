import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ApiKeyEntity, TenantEntity } from './tenant.entity';

/** Keys look like `fg_live_<12 id chars>_<32 secret chars>`: recognisable, greppable, revocable. */
export const KEY_PREFIX = 'fg_live_';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function newApiKey(): { key: string; prefix: string; hash: string } {
  const id = randomBytes(9).toString('base64url');
  const secret = randomBytes(24).toString('base64url');
  const key = `${KEY_PREFIX}${id}_${secret}`;
  return { key, prefix: `${KEY_PREFIX}${id}`, hash: sha256(key) };
}

/** The prefix part of a presented key, or null when it is not shaped like one of ours. */
export function prefixOf(key: string): string | null {
  const match = /^(fg_live_[A-Za-z0-9_-]{12})_[A-Za-z0-9_-]{32}$/.exec(key);
  return match ? match[1] : null;
}

export function hashMatches(key: string, hash: string): boolean {
  const a = Buffer.from(sha256(key), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Creates a tenant and its first key; the key is returned once and never stored. */
export async function createTenant(
  manager: EntityManager,
  name: string,
): Promise<{ tenantId: string; apiKey: string }> {
  const tenantId = randomUUID();
  const { key, prefix, hash } = newApiKey();
  await manager.insert(TenantEntity, { id: tenantId, name });
  await manager.insert(ApiKeyEntity, { id: randomUUID(), tenantId, prefix, hash, revokedAt: null });
  return { tenantId, apiKey: key };
}
