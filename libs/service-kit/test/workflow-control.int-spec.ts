import { randomUUID } from 'node:crypto';
import { EventTransaction, MESSAGING_ENTITIES } from '@flowguard/messaging';
import { createIsolation, sleep, type Isolation } from '@flowguard/testing';
import { DataSource, type EntityManager } from 'typeorm';
import { WorkflowControl, WorkflowControlEntity } from '../src';

jest.setTimeout(30_000);

const SCHEMA = 'wfc_test';

/** A promise with its resolve handle, to hold a transaction open at a chosen point. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Tracks whether a promise has settled yet (without awaiting it). */
function settledFlag(promise: Promise<unknown>) {
  const flag = { settled: false };
  promise.then(
    () => (flag.settled = true),
    () => (flag.settled = true),
  );
  return flag;
}

describe('WorkflowControl on real Postgres', () => {
  let iso: Isolation;
  let ds: DataSource;
  let tx: EventTransaction;

  beforeAll(async () => {
    iso = await createIsolation('wfcontrol');
    ds = new DataSource({
      type: 'postgres',
      url: iso.databaseUrl,
      schema: SCHEMA,
      entities: [...MESSAGING_ENTITIES, WorkflowControlEntity],
    });
    await ds.initialize();
    await ds.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await ds.synchronize();
    // A service's artifact for the workflow (a clarification, a spec, a ticket set …).
    await ds.query(
      `CREATE TABLE ${SCHEMA}.artifact (tenant_id uuid NOT NULL, workflow_id uuid NOT NULL, body text NOT NULL)`,
    );
    tx = new EventTransaction(ds, { kick: () => undefined });
  });
  afterAll(async () => {
    await ds?.destroy();
    await iso?.cleanup();
  });

  const ref = (tenantId = randomUUID(), workflowId = randomUUID()) => ({
    tenantId,
    workflowId,
    correlationId: `c-${workflowId}`,
    causationId: randomUUID(),
  });
  const failure = { phase: 'clarification' as const, reason: 'fatal: no', attempts: 1 };
  const failedEvents = async (r: { tenantId: string; workflowId: string }) =>
    Number(
      (
        await ds.query(
          `SELECT count(*)::int AS n FROM ${SCHEMA}.outbox
           WHERE type = 'workflow.failed' AND tenant_id = $1 AND envelope->>'workflowId' = $2`,
          [r.tenantId, r.workflowId],
        )
      )[0].n,
    );
  const artifacts = async (r: { tenantId: string; workflowId: string }) =>
    Number(
      (
        await ds.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.artifact WHERE tenant_id = $1 AND workflow_id = $2`, [
          r.tenantId,
          r.workflowId,
        ])
      )[0].n,
    );
  const insertArtifact = (m: EntityManager, r: { tenantId: string; workflowId: string }) =>
    m.query(`INSERT INTO ${SCHEMA}.artifact (tenant_id, workflow_id, body) VALUES ($1, $2, 'x')`, [
      r.tenantId,
      r.workflowId,
    ]);
  const deleteArtifacts = (m: EntityManager, r: { tenantId: string; workflowId: string }) =>
    m.query(`DELETE FROM ${SCHEMA}.artifact WHERE tenant_id = $1 AND workflow_id = $2`, [r.tenantId, r.workflowId]);
  const cancelled = (r: { tenantId: string; workflowId: string }) =>
    ds.transaction(async (m) => (await WorkflowControl.guard(m, r)).cancelled);

  it("another tenant's cancel or failure for the same workflow id neither blocks nor changes this tenant's", async () => {
    const a = ref();
    const b = ref(randomUUID(), a.workflowId);
    const c = ref(randomUUID(), a.workflowId);
    await ds.transaction((m) => WorkflowControl.markCancelled(m, b));
    expect(await WorkflowControl.failOnce(tx, c, failure)).toBe(true);

    expect(await cancelled(a)).toBe(false);
    expect(await WorkflowControl.isCancelled(ds.manager, a)).toBe(false);
    // A's failure is reported (once), despite B's cancel and C's failure under the same id.
    expect(await WorkflowControl.failOnce(tx, a, failure)).toBe(true);
    expect(await WorkflowControl.failOnce(tx, a, failure)).toBe(false);
    expect(await failedEvents(a)).toBe(1);
    // B is cancelled, so B's failure is not reported; C's second one neither.
    expect(await WorkflowControl.failOnce(tx, b, failure)).toBe(false);
    expect(await WorkflowControl.failOnce(tx, c, failure)).toBe(false);
    expect(await failedEvents(b)).toBe(0);

    // A can still be cancelled, and that changes nothing for C.
    await ds.transaction((m) => WorkflowControl.markCancelled(m, a));
    expect(await cancelled(a)).toBe(true);
    expect(await cancelled(b)).toBe(true);
    expect(await cancelled(c)).toBe(false);
    const rows = await ds.query(`SELECT tenant_id FROM ${SCHEMA}.workflow_control WHERE workflow_id = $1`, [
      a.workflowId,
    ]);
    expect(rows).toHaveLength(3);
  });

  it('a cancel arriving while an artifact commits waits for it, then deletes the artifact', async () => {
    const r = ref();
    const inserted = gate();
    const release = gate();
    // The artifact transaction: guard, write, then hold the transaction open.
    const commit = ds.transaction(async (m) => {
      if ((await WorkflowControl.guard(m, r)).cancelled) return 'cancelled';
      await insertArtifact(m, r);
      inserted.open();
      await release.opened;
      return 'stored';
    });
    await inserted.opened;
    // The cancel: mark, then delete the partial artifacts, in one transaction.
    const cancel = ds.transaction(async (m) => {
      await WorkflowControl.markCancelled(m, r);
      await deleteArtifacts(m, r);
    });
    const cancelFlag = settledFlag(cancel);
    await sleep(300);
    expect(cancelFlag.settled).toBe(false); // waiting on the workflow's lock
    release.open();
    expect(await commit).toBe('stored');
    await cancel;
    // Before the lock, the cancel's DELETE ran before the artifact was committed and missed it.
    expect(await artifacts(r)).toBe(0);
    expect(await cancelled(r)).toBe(true);
  });

  it('an artifact commit arriving while a cancel commits waits for it, then writes nothing', async () => {
    const r = ref();
    const marked = gate();
    const release = gate();
    const cancel = ds.transaction(async (m) => {
      await WorkflowControl.markCancelled(m, r);
      await deleteArtifacts(m, r);
      marked.open();
      await release.opened;
    });
    await marked.opened;
    const commit = ds.transaction(async (m) => {
      if ((await WorkflowControl.guard(m, r)).cancelled) return 'cancelled';
      await insertArtifact(m, r);
      return 'stored';
    });
    const commitFlag = settledFlag(commit);
    await sleep(300);
    expect(commitFlag.settled).toBe(false);
    release.open();
    await cancel;
    expect(await commit).toBe('cancelled');
    expect(await artifacts(r)).toBe(0);
  });

  it('races many commits against a cancel: after the cancel commits no artifact survives', async () => {
    const r = ref();
    const commits = Array.from({ length: 8 }, (_, i) =>
      (async () => {
        await sleep(i * 3);
        return ds.transaction(async (m) => {
          if ((await WorkflowControl.guard(m, r)).cancelled) return 'cancelled';
          await insertArtifact(m, r);
          await sleep(20);
          return 'stored';
        });
      })(),
    );
    await sleep(10);
    await ds.transaction(async (m) => {
      await WorkflowControl.markCancelled(m, r);
      await deleteArtifacts(m, r);
    });
    await Promise.all(commits);
    expect(await artifacts(r)).toBe(0);
  });

  it('refuses to take the lock outside a transaction', async () => {
    await expect(WorkflowControl.guard(ds.manager, ref())).rejects.toThrow(/needs a transaction/);
    await expect(WorkflowControl.markCancelled(ds.manager, ref())).rejects.toThrow(/needs a transaction/);
  });
});
