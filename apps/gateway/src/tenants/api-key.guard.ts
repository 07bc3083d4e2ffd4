import {
  Injectable,
  UnauthorizedException,
  createParamDecorator,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { hashMatches, prefixOf } from './api-keys';
import { ApiKeyEntity } from './tenant.entity';

export interface TenantRequest {
  headers: Record<string, string | string[] | undefined>;
  tenantId?: string;
}

/**
 * Every /v1 route: `Authorization: Bearer <key>` or `X-API-Key: <key>`. The tenant found is
 * the only scope any handler reads or writes in.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly ds: DataSource) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<TenantRequest>();
    const auth = req.headers['authorization'];
    const header = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : req.headers['x-api-key'];
    const key = typeof header === 'string' ? header.trim() : '';
    const prefix = prefixOf(key);
    if (!prefix) throw new UnauthorizedException('missing or malformed API key');
    const row = await this.ds.manager.findOneBy(ApiKeyEntity, { prefix, revokedAt: IsNull() });
    if (!row || !hashMatches(key, row.hash)) throw new UnauthorizedException('invalid API key');
    req.tenantId = row.tenantId;
    return true;
  }
}

/** The authenticated tenant of the request (set by ApiKeyGuard). */
export const TenantId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const tenantId = ctx.switchToHttp().getRequest<TenantRequest>().tenantId;
  if (!tenantId) throw new UnauthorizedException('no tenant');
  return tenantId;
});
