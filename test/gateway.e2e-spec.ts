import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { EventEnvelope, WorkflowResponse } from '@flowguard/contracts';
import {
  createIsolation,
  freePort,
  spawnNode,
  waitFor,
  type Isolation,
  type RunningProcess,
  SseClient,
} from '@flowguard/testing';
import { Webhook } from 'standardwebhooks';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '..');
const SERVICES = ['gateway', 'clarifier', 'spec-gen', 'ticket-gen', 'handoff'] as const;
type Service = (typeof SERVICES)[number];

/** The events of a workflow with an agent, in the order the pipeline produces them. */
const CHAIN = [
  'goal.submitted',
  'goal.analyzed',
  'answers.submitted',
  'goal.clarified',
  'spec.created',
  'tickets.generated',
  'handoff.created',
];

interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
}

/** A local endpoint that answers 204 and records every request (headers and the raw body). */
async function startReceiver(): Promise<{ url: string; requests: ReceivedWebhook[]; close(): Promise<void> }> {
  const requests: ReceivedWebhook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      requests.push({ headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/flowguard`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('gateway end to end: the five services as separate processes, offline planner', () => {
  let iso: Isolation;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let sse: SseClient | undefined;
  const procs = new Map<Service, RunningProcess>();
  const ports = new Map<Service, number>();
  const t0 = Date.now();
  const marks: string[] = [];
  const mark = (what: string) => marks.push(`${what} +${((Date.now() - t0) / 1000).toFixed(1)}s`);
  const logs = (services: readonly Service[] = SERVICES, chars = 2000) =>
    services.map((s) => `--- ${s} ---\n${procs.get(s)?.output().slice(-chars) ?? ''}`).join('\n');

  beforeAll(async () => {
    iso = await createIsolation('gatewaye2e');
    receiver = await startReceiver();
    for (const s of SERVICES) ports.set(s, await freePort());
    for (const s of SERVICES) {
      procs.set(
        s,
        spawnNode(path.join(root, 'apps', s, 'dist', 'main.js'), [], {
          ...iso.env,
          PORT: String(ports.get(s)),
          LOG_LEVEL: 'warn',
          WEBHOOK_ALLOW_PRIVATE: 'true',
          WEBHOOK_SCHEDULE_MS: '100,200,400',
        }),
      );
    }
    await Promise.all(
      SERVICES.map((s) =>
        waitFor(`${s} healthy`, async () => (await fetch(`http://127.0.0.1:${ports.get(s)}/health`)).status === 200, {
          timeoutMs: 60_000,
          intervalMs: 200,
        }).catch((err: Error) => {
          throw new Error(`${err.message}\n${procs.get(s)!.output().slice(-3000)}`);
        }),
      ),
    );
    mark('all healthy');
  });

  afterAll(async () => {
    sse?.close();
    for (const p of procs.values()) if (p.child.exitCode === null && p.child.signalCode === null) p.kill('SIGKILL');
    await Promise.all([...procs.values()].map((p) => p.exited));
    await receiver?.close();
    await iso?.cleanup();
    process.stderr.write(`gateway e2e timings: ${marks.join(', ')}\n`);
  });

  it('a PRD with answers: REST, the SSE stream and signed webhooks agree, then every service exits 0', async () => {
    const base = `http://127.0.0.1:${ports.get('gateway')}`;

    // 2. A tenant, created after the gateway migrated its schema (it is healthy).
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(root, 'scripts/tenant-create.mjs'), '--name', 'e2e', '--json'],
      { cwd: root, env: { ...process.env, DATABASE_URL: iso.databaseUrl } },
    );
    const tenant = JSON.parse(stdout.trim().split('\n').pop()!) as { tenantId: string; name: string; apiKey: string };
    expect(tenant).toMatchObject({ name: 'e2e', apiKey: expect.stringMatching(/^fg_live_/) });
    const auth = { authorization: `Bearer ${tenant.apiKey}` };
    const call = async (method: string, route: string, body?: unknown) => {
      const res = await fetch(`${base}${route}`, {
        method,
        headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, location: res.headers.get('location'), body: text ? JSON.parse(text) : undefined };
    };
    mark('tenant');

    // 3. Subscribe the receiver to every event.
    const sub = await call('POST', '/v1/webhooks', { url: receiver.url, events: ['*'] });
    expect(sub.status).toBe(201);
    const secret = (sub.body as { secret: string }).secret;
    expect(secret).toMatch(/^whsec_/);

    // 4. Submit the multi-page PRD, then open the workflow's stream at once.
    const goal = fs.readFileSync(path.join(root, 'test/fixtures/prds/team-billing.md'), 'utf8');
    const created = await call('POST', '/v1/workflows', { goal, options: { autoAnswer: false, agentType: 'claude' } });
    expect(created.status).toBe(202);
    const workflowId = (created.body as WorkflowResponse).id;
    expect(created.location).toBe(`/v1/workflows/${workflowId}`);
    sse = await SseClient.open(`${base}/v1/workflows/${workflowId}/events`, auth);
    expect(sse.status).toBe(200);
    expect(sse.headers.get('content-type')).toMatch(/^text\/event-stream/);
    mark('submitted');

    const poll = (what: string, until: (w: WorkflowResponse) => boolean) =>
      waitFor(
        what,
        async () => {
          const res = await call('GET', `/v1/workflows/${workflowId}`);
          const w = res.body as WorkflowResponse;
          if (res.status === 200 && (w.status === 'failed' || w.status === 'cancelled'))
            throw new Error(`workflow ended ${w.status}: ${JSON.stringify(w.errors)}`);
          return res.status === 200 && until(w) ? w : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 100 },
      ).catch((err: Error) => {
        throw new Error(`${err.message}\n${logs()}`);
      });

    // 5. Questions, an answer to the first, then completion.
    const awaiting = await poll('awaiting_answers', (w) => w.status === 'awaiting_answers' && w.questions.length > 0);
    expect(awaiting.progress).toBe(20);
    mark('awaiting answers');
    const [first] = awaiting.questions;
    const answered = await call('POST', `/v1/workflows/${workflowId}/answers`, {
      answers: [{ questionId: first.id, answer: 'Workspace owners and billing admins only.' }],
    });
    expect(answered.status).toBe(202);

    const done = await poll('completed', (w) => w.status === 'completed');
    mark('completed');
    expect(done).toMatchObject({
      progress: 100,
      artifacts: {
        specId: expect.any(String),
        ticketSetId: expect.any(String),
        handoffId: expect.any(String),
      },
      validation: { errors: 0 },
      errors: [],
    });

    // 6. The stream: the whole chain, once each, in order, increasing ids, then the end.
    await waitFor('the SSE stream to end', () => sse!.endedByServer, { timeoutMs: 10_000, intervalMs: 20 }).catch(
      (err: Error) => {
        throw new Error(`${err.message}; got ${JSON.stringify(sse!.messages.map((e) => [e.id, e.event]))}`);
      },
    );
    mark('stream ended');
    expect(sse.messages.map((e) => e.event)).toEqual(CHAIN);
    const seqs = sse.messages.map((e) => Number(e.id));
    seqs.forEach((seq, i) => {
      expect(Number.isSafeInteger(seq)).toBe(true);
      if (i > 0) expect(seq).toBeGreaterThan(seqs[i - 1]);
    });
    const envelopes = sse.messages.map((e) => JSON.parse(e.data) as EventEnvelope);
    envelopes.forEach((env, i) => {
      expect(env).toMatchObject({ type: CHAIN[i], tenantId: tenant.tenantId, workflowId });
    });
    expect(new Set(envelopes.map((e) => e.id)).size).toBe(CHAIN.length);

    // 7. One signed webhook per event, distinct webhook-ids, bodies are the envelopes.
    await waitFor('a webhook per event', () => receiver.requests.length >= CHAIN.length, {
      timeoutMs: 15_000,
      intervalMs: 50,
    }).catch((err: Error) => {
      throw new Error(`${err.message}; got ${receiver.requests.length}\n${logs(['gateway'])}`);
    });
    const verifier = new Webhook(secret);
    const byId = new Map(envelopes.map((e) => [`msg_${e.id}`, e]));
    const ids = receiver.requests.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(byId.keys()));
    for (const r of receiver.requests) {
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      const payload = verifier.verify(r.body, r.headers);
      expect(payload).toEqual(byId.get(r.headers['webhook-id']));
      expect(JSON.parse(r.body)).toEqual(byId.get(r.headers['webhook-id']));
    }
    // A tampered body does not verify.
    const [sample] = receiver.requests;
    expect(() => verifier.verify(`${sample.body} `, sample.headers)).toThrow();
    mark('webhooks verified');

    // 8. SIGTERM: every service exits 0.
    for (const p of procs.values()) p.kill('SIGTERM');
    const codes = await Promise.all(SERVICES.map((s) => procs.get(s)!.exited));
    mark('all exited');
    const bad = SERVICES.filter((_, i) => codes[i] !== 0);
    if (bad.length) process.stderr.write(`non-zero exit: ${bad.join(', ')}\n${logs(bad, 4000)}\n`);
    expect(Object.fromEntries(SERVICES.map((s, i) => [s, codes[i]]))).toEqual(
      Object.fromEntries(SERVICES.map((s) => [s, 0])),
    );
  });
});
