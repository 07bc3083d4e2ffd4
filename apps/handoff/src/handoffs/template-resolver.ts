import { Injectable } from '@nestjs/common';
import { QueryError } from '@flowguard/messaging';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { HandoffTemplateEntity } from '../handoff-templates/handoff-template.entity';
import { BUILTIN_TEMPLATES } from '../templates/builtin-templates';

export interface ResolvedTemplate {
  id: string;
  version: number;
  source: string;
}

/** The tenant's template for the agent type if it has one, else the built-in (custom → generic). */
@Injectable()
export class TemplateResolver {
  constructor(private readonly ds: DataSource) {}

  async resolve(
    tenantId: string,
    agentType: string,
    templateId?: string,
    manager: EntityManager = this.ds.manager,
  ): Promise<ResolvedTemplate> {
    if (templateId) {
      const own = await manager.findOneBy(HandoffTemplateEntity, { id: templateId, tenantId, deletedAt: IsNull() });
      if (!own) throw new QueryError('not_found', `template ${templateId} not found`);
      return { id: own.id, version: own.version, source: own.source };
    }
    const own = await manager.findOneBy(HandoffTemplateEntity, { tenantId, agentType, deletedAt: IsNull() });
    if (own) return { id: own.id, version: own.version, source: own.source };
    const builtin = BUILTIN_TEMPLATES[agentType as keyof typeof BUILTIN_TEMPLATES] ?? BUILTIN_TEMPLATES.generic;
    return { id: builtin.id, version: 1, source: builtin.source };
  }
}
