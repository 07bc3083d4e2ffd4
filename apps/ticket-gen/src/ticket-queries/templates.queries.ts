import { Injectable } from '@nestjs/common';
import { HandlesQuery, QueryError } from '@flowguard/messaging';
import { DataSource, QueryFailedError } from 'typeorm';
import { BUILTIN_TEMPLATES, TicketTemplateError, type TicketTemplate } from '../ticket-templates';
import { tenantTemplates } from '../ticket-templates/tenant-templates';
import { TicketTemplateEntity } from '../ticket-templates/ticket-template.entity';
import {
  TemplatesListRequest,
  TemplatesRegisterRequest,
  parseRequest,
  type TemplatesListResult,
} from './ticket-query.schemas';

type TemplateView = TemplatesListResult['templates'][number];

const UNIQUE_VIOLATION = '23505';

/**
 * A tenant's ticket templates: the one in force per kind, and registration of its own. The
 * rules (validation, one per kind, no built-in ids) are TicketTemplateRegistry's; this class
 * only persists what the registry accepts. Templates apply to plans generated afterwards.
 */
@Injectable()
export class TemplateQueries {
  constructor(private readonly ds: DataSource) {}

  @HandlesQuery('templates.list')
  async list(payload: unknown): Promise<TemplatesListResult> {
    const { tenantId } = parseRequest(TemplatesListRequest, payload);
    const [registry, rows] = await Promise.all([
      tenantTemplates(this.ds.manager, tenantId),
      this.ds.manager.findBy(TicketTemplateEntity, { tenantId }),
    ]);
    const versions = new Map(rows.map((r) => [r.id, r.version]));
    return { templates: registry.list(tenantId).map((t) => view(t, versions.get(t.id) ?? null)) };
  }

  /** Registers (or, under the same id, replaces) a template; refusals name every problem. */
  @HandlesQuery('templates.register')
  async register(payload: unknown): Promise<TemplateView> {
    const req = parseRequest(TemplatesRegisterRequest, payload);
    const id = (req.template as { id?: unknown } | null)?.id;
    try {
      return await this.ds.transaction(async (manager) => {
        // Everything else the tenant has, so replacing a template is not refused as a duplicate.
        const registry = await tenantTemplates(manager, req.tenantId, typeof id === 'string' ? id : undefined);
        const template = registry.register(req.tenantId, req.template);
        const meta = manager.connection.getMetadata(TicketTemplateEntity);
        const saved: { version: number }[] = await manager.query(
          `INSERT INTO "${meta.schema}"."${meta.tableName}" (tenant_id, id, kind, template, version)
           VALUES ($1, $2, $3, $4::jsonb, 1)
           ON CONFLICT (tenant_id, id) DO UPDATE
             SET kind = EXCLUDED.kind, template = EXCLUDED.template,
                 version = "${meta.tableName}".version + 1, updated_at = now()
           RETURNING version`,
          [req.tenantId, template.id, template.kind, JSON.stringify(template)],
        );
        return view(template, saved[0]?.version ?? 1);
      });
    } catch (err) {
      if (err instanceof TicketTemplateError) throw new QueryError('invalid_template', err.message);
      // A concurrent registration took the kind first: the same answer the registry gives.
      if (err instanceof QueryFailedError && (err.driverError as { code?: string })?.code === UNIQUE_VIOLATION) {
        throw new QueryError('conflict', 'another template of this kind was registered concurrently; list and retry');
      }
      throw err;
    }
  }
}

function view(template: TicketTemplate, version: number | null): TemplateView {
  const builtin = BUILTIN_TEMPLATES.some((b) => b.id === template.id);
  return { ...template, source: builtin ? 'builtin' : 'tenant', version: builtin ? null : version };
}
