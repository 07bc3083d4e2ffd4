import { Injectable } from '@nestjs/common';
import { SpecCreatedV1, type Spec } from '@flowguard/contracts';
import { DataSource } from 'typeorm';
import { notFound } from '../http/problem';
import { WorkflowEventEntity } from '../workflows/workflow.entity';

const SpecAndMarkdown = SpecCreatedV1.pick({ spec: true, markdown: true });

/** The workflow's spec as its latest spec.created in the event log carried it (no service is asked). */
@Injectable()
export class SpecReader {
  constructor(private readonly ds: DataSource) {}

  async latest(tenantId: string, workflowId: string): Promise<{ spec: Spec; markdown: string }> {
    const row = await this.ds.manager.findOne(WorkflowEventEntity, {
      select: { seq: true, envelope: true },
      where: { tenantId, workflowId, type: 'spec.created' },
      order: { seq: 'DESC' },
    });
    if (!row) throw notFound(`the spec of workflow ${workflowId}`);
    return SpecAndMarkdown.parse((row.envelope as { data?: unknown }).data);
  }
}
