import { Injectable } from '@nestjs/common';
import { HandlesQuery } from '@flowguard/messaging';
import { DataSource } from 'typeorm';
import { exportWorkflow } from '../exports';
import { ExportRequest, parseRequest } from '../handoff-queries/handoff-query.schemas';
import { loadPlan } from '../handoffs/generate-handoff.usecase';

/** Exports of a workflow's latest plan: everything, or one interop format. */
@Injectable()
export class ExportsQueries {
  constructor(private readonly ds: DataSource) {}

  @HandlesQuery('exports.get')
  async get(payload: unknown) {
    const { tenantId, workflowId, format } = parseRequest(ExportRequest, payload);
    const { spec, tickets } = await loadPlan(this.ds.manager, tenantId, workflowId);
    const files = exportWorkflow({
      spec: spec.spec,
      specMarkdown: spec.markdown,
      ticketSet: tickets.ticketSet,
      ticketMarkdown: tickets.ticketMarkdown,
    });
    const prefix = format === 'taskmaster' ? 'taskmaster/' : format === 'speckit' ? 'speckit/' : '';
    return { files: files.filter((f) => f.path.startsWith(prefix)) };
  }
}
