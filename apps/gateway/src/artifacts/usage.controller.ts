import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { UsageSummaryResult, WorkflowIdParams, type UsageResponse } from '@flowguard/contracts';
import { ZodPipe } from '../http/problem';
import { ApiKeyGuard, TenantId } from '../tenants/api-key.guard';
import { WorkflowsService } from '../workflows/workflows.service';
import { ServiceQueries } from './service-queries';
import { USAGE_SERVICES, sumUsage } from './usage-summary';

/** Token usage: each generation service keeps its own ledger; the gateway asks all three at once. */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class UsageController {
  constructor(
    private readonly workflows: WorkflowsService,
    private readonly queries: ServiceQueries,
  ) {}

  @Get('workflows/:id/usage')
  async workflow(
    @TenantId() tenantId: string,
    @Param(new ZodPipe(WorkflowIdParams, 'path')) { id }: { id: string },
  ): Promise<UsageResponse> {
    await this.workflows.get(tenantId, id);
    return this.summary(tenantId, id);
  }

  @Get('usage')
  async tenant(@TenantId() tenantId: string): Promise<UsageResponse> {
    return this.summary(tenantId, null);
  }

  /** All three or nothing: a service that does not answer makes the sum wrong, so 503. */
  private async summary(tenantId: string, workflowId: string | null): Promise<UsageResponse> {
    const payload = { tenantId, ...(workflowId ? { workflowId } : {}) };
    const ledgers = await Promise.all(
      USAGE_SERVICES.map(async (service) => ({
        service,
        rows: await this.queries.ask(service, 'usage.summary', payload, UsageSummaryResult),
      })),
    );
    return sumUsage(workflowId, ledgers);
  }
}
