import { sleep, waitFor } from '@flowguard/testing';
import { In } from 'typeorm';
import { WorkflowRetention, WorkflowRetentionHooks } from '../src/cleanup/workflow-retention';
import { loadGatewayConfig, retentionMs } from '../src/config';
import { WorkflowEntity, WorkflowEventEntity } from '../src/workflows/workflow.entity';
import { gatewayHarness } from './gateway-harness';

jest.setTimeout(60_000);

type Harness = Awaited<ReturnType<typeof gatewayHarness>>;

/** Creates a workflow, waits for its goal.submitted to be recorded, then sets its status and age. */
async function workflowAt(h: Harness, key: string, status: string, ageMs: number): Promise<string> {
  const res = await h.call('POST', '/v1/workflows', { key, body: { goal: `${status} ${ageMs}` } });
  expect(res.status).toBe(202);
  const id = res.body.id as string;
  await waitFor('recorded', async () =>
    (await h.ds.manager.countBy(WorkflowEventEntity, { workflowId: id })) ? true : undefined,
  );
  // After the projection's last write, so nothing moves updated_at again.
  await waitFor('projected', async () => (await h.ds.manager.findOneByOrFail(WorkflowEntity, { id })).progress === 5);
  const table = h.ds.getMetadata(WorkflowEntity).tablePath;
  await h.ds.query(
    `UPDATE ${table} SET status = $2, updated_at = now() - ($3 || ' milliseconds')::interval WHERE id = $1`,
    [id, status, String(ageMs)],
  );
  return id;
}

const exists = async (h: Harness, id: string) => ({
  workflow: await h.ds.manager.existsBy(WorkflowEntity, { id }),
  events: await h.ds.manager.countBy(WorkflowEventEntity, { workflowId: id }),
});

describe('workflow retention', () => {
  it('reads WORKFLOW_RETENTION_DAYS (fractions allowed) unless WORKFLOW_RETENTION_MS overrides it', () => {
    expect(retentionMs(loadGatewayConfig({}))).toBe(30 * 24 * 3_600_000);
    expect(retentionMs(loadGatewayConfig({ WORKFLOW_RETENTION_DAYS: '0.5' }))).toBe(12 * 3_600_000);
    expect(retentionMs(loadGatewayConfig({ WORKFLOW_RETENTION_DAYS: '2', WORKFLOW_RETENTION_MS: '1500' }))).toBe(1500);
  });

  it('the scheduled job deletes completed, failed and cancelled workflows past retention with their event log, nothing else', async () => {
    const h = await gatewayHarness('retention', {
      WORKFLOW_RETENTION_MS: '60000',
      WORKFLOW_CLEANUP_INTERVAL_MS: '300',
    });
    try {
      const old = 5 * 60_000;
      // The job runs all along: rows only become eligible when their status and age are set.
      const doomed = [
        await workflowAt(h, h.a.apiKey, 'completed', old),
        await workflowAt(h, h.a.apiKey, 'failed', old),
        await workflowAt(h, h.b.apiKey, 'cancelled', old),
      ];
      const kept = [
        await workflowAt(h, h.a.apiKey, 'spec_ready', old), // old but still running
        await workflowAt(h, h.a.apiKey, 'awaiting_answers', old),
        await workflowAt(h, h.a.apiKey, 'completed', 1_000), // finished recently
      ];
      await waitFor('purged', async () => {
        const left = await Promise.all(doomed.map((id) => exists(h, id)));
        return left.every((l) => !l.workflow && l.events === 0) ? true : undefined;
      });
      await sleep(700); // a couple more runs
      for (const id of kept) expect(await exists(h, id)).toEqual({ workflow: true, events: 1 });
      expect((await h.call('GET', `/v1/workflows/${doomed[0]}`, { key: h.a.apiKey })).status).toBe(404);
    } finally {
      await h.close();
    }
  });

  it('purges in batches (one transaction each) and lets registered hooks delete their rows first', async () => {
    const h = await gatewayHarness('retentionbatch', {
      WORKFLOW_RETENTION_DAYS: '0.5',
      WORKFLOW_CLEANUP_INTERVAL_MS: '0',
      WORKFLOW_CLEANUP_BATCH: '2',
    });
    try {
      const seen: string[][] = [];
      h.app.get(WorkflowRetentionHooks).register({
        beforeDelete: async (manager, ids) => {
          // In the deleting transaction: the rows are still there.
          expect(await manager.countBy(WorkflowEntity, { id: In(ids) })).toBe(ids.length);
          seen.push(ids);
        },
      });
      const doomed: string[] = [];
      for (let i = 0; i < 5; i++) doomed.push(await workflowAt(h, h.a.apiKey, 'completed', 13 * 3_600_000));
      const young = await workflowAt(h, h.a.apiKey, 'completed', 11 * 3_600_000);
      expect(await h.app.get(WorkflowRetention).purge()).toBe(5);
      expect(seen.map((b) => b.length)).toEqual([2, 2, 1]);
      expect(seen.flat().sort()).toEqual([...doomed].sort());
      expect(await exists(h, young)).toEqual({ workflow: true, events: 1 });
      expect(await h.app.get(WorkflowRetention).purge()).toBe(0);
    } finally {
      await h.close();
    }
  });
});
