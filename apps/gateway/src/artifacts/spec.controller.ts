import { Controller, Get, Header, Param, UseGuards } from '@nestjs/common';
import { WorkflowIdParams, type Spec } from '@flowguard/contracts';
import { ZodPipe } from '../http/problem';
import { ApiKeyGuard, TenantId } from '../tenants/api-key.guard';
import { WorkflowsService } from '../workflows/workflows.service';
import { SpecReader } from './spec-reader';

const Params = new ZodPipe(WorkflowIdParams, 'path');

/** The workflow's spec, JSON or markdown with front matter; 404 until spec.created arrived. */
@Controller('v1/workflows')
@UseGuards(ApiKeyGuard)
export class SpecController {
  constructor(
    private readonly workflows: WorkflowsService,
    private readonly specs: SpecReader,
  ) {}

  @Get(':id/spec')
  async json(@TenantId() tenantId: string, @Param(Params) { id }: { id: string }): Promise<Spec> {
    await this.workflows.get(tenantId, id);
    return (await this.specs.latest(tenantId, id)).spec;
  }

  @Get(':id/spec.md')
  @Header('Content-Type', 'text/markdown; charset=utf-8')
  async markdown(@TenantId() tenantId: string, @Param(Params) { id }: { id: string }): Promise<string> {
    await this.workflows.get(tenantId, id);
    return (await this.specs.latest(tenantId, id)).markdown;
  }
}
