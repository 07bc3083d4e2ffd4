import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { HandlesQuery, QueryError } from '@flowguard/messaging';
import { DataSource, IsNull, QueryFailedError } from 'typeorm';
import {
  TemplateCreateRequest,
  TemplateGetRequest,
  TemplateListRequest,
  TemplateUpdateRequest,
  parseRequest,
} from '../handoff-queries/handoff-query.schemas';
import { validateTemplate } from '../templates/template-validation';
import { HandoffTemplateEntity, HandoffTemplateVersionEntity } from './handoff-template.entity';

function assertValid(source: string): void {
  const check = validateTemplate(source, {});
  if (!check.ok) {
    throw new QueryError(
      'invalid_template',
      check.errors
        .map((e) => (e.line ? `line ${e.line}, column ${e.column ?? 0}: ${e.message}` : e.message))
        .join('; '),
    );
  }
}

/** Tenant templates: validated on every save, every version kept, soft-deleted. */
@Injectable()
export class HandoffTemplatesQueries {
  constructor(private readonly ds: DataSource) {}

  @HandlesQuery('handoff-templates.create')
  async create(payload: unknown) {
    const { tenantId, agentType, name, source } = parseRequest(TemplateCreateRequest, payload);
    assertValid(source);
    const id = randomUUID();
    try {
      await this.ds.transaction(async (manager) => {
        await manager.insert(HandoffTemplateEntity, {
          id,
          tenantId,
          agentType,
          name,
          source,
          version: 1,
          deletedAt: null,
        });
        await manager.insert(HandoffTemplateVersionEntity, { templateId: id, version: 1, tenantId, source });
      });
    } catch (err) {
      if (err instanceof QueryFailedError && (err as unknown as { code?: string }).code === '23505') {
        throw new QueryError('conflict', `a ${agentType} template already exists for this tenant; update it instead`);
      }
      throw err;
    }
    return this.ds.manager.findOneByOrFail(HandoffTemplateEntity, { id, tenantId });
  }

  @HandlesQuery('handoff-templates.update')
  async update(payload: unknown) {
    const { tenantId, templateId, name, source } = parseRequest(TemplateUpdateRequest, payload);
    if (source !== undefined) assertValid(source);
    return this.ds.transaction(async (manager) => {
      const row = await manager.findOne(HandoffTemplateEntity, {
        where: { id: templateId, tenantId, deletedAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw new QueryError('not_found', `template ${templateId} not found`);
      const version = source !== undefined && source !== row.source ? row.version + 1 : row.version;
      await manager.update(
        HandoffTemplateEntity,
        { id: templateId, tenantId },
        {
          name: name ?? row.name,
          source: source ?? row.source,
          version,
        },
      );
      if (version !== row.version) {
        await manager.insert(HandoffTemplateVersionEntity, { templateId, version, tenantId, source: source! });
      }
      return manager.findOneByOrFail(HandoffTemplateEntity, { id: templateId, tenantId });
    });
  }

  @HandlesQuery('handoff-templates.get')
  async get(payload: unknown) {
    const { tenantId, templateId } = parseRequest(TemplateGetRequest, payload);
    const row = await this.ds.manager.findOneBy(HandoffTemplateEntity, {
      id: templateId,
      tenantId,
      deletedAt: IsNull(),
    });
    if (!row) throw new QueryError('not_found', `template ${templateId} not found`);
    const versions = await this.ds.manager.find(HandoffTemplateVersionEntity, {
      where: { templateId, tenantId },
      order: { version: 'DESC' },
      select: { version: true, createdAt: true },
    });
    return { ...row, versions };
  }

  @HandlesQuery('handoff-templates.list')
  async list(payload: unknown) {
    const { tenantId } = parseRequest(TemplateListRequest, payload);
    return this.ds.manager.find(HandoffTemplateEntity, {
      where: { tenantId, deletedAt: IsNull() },
      order: { agentType: 'ASC' },
    });
  }

  @HandlesQuery('handoff-templates.delete')
  async remove(payload: unknown) {
    const { tenantId, templateId } = parseRequest(TemplateGetRequest, payload);
    const result = await this.ds.manager.update(
      HandoffTemplateEntity,
      { id: templateId, tenantId, deletedAt: IsNull() },
      { deletedAt: new Date() },
    );
    if (!result.affected) throw new QueryError('not_found', `template ${templateId} not found`);
    return { deleted: templateId };
  }
}
