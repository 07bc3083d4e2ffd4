import fs from 'node:fs';
import path from 'node:path';
import {
  Execution,
  ExportsResponse,
  GenerateHandoffResponse,
  HandoffResponse,
  Spec,
  TicketsResponse,
  UsageResponse,
  type TicketNode,
  type WorkflowResponse,
} from '@flowguard/contracts';
import { freePort, spawnNode, waitFor, type RunningProcess } from '@flowguard/testing';
import { gatewayHarness } from './gateway-harness';
import { pipeline } from './pipeline-events';

jest.setTimeout(120_000);

/**
 * The artifact routes against the real services: the gateway in-process, and ticket-gen,
 * handoff, clarifier and spec-gen as processes from their builds (a gateway test may not
 * import another app) on the same isolation. The workflow is created through the API; the
 * clarifier asks its questions, then spec.created from the handoff tests' csv-export plan
 * drives ticket-gen (tickets.generated) and handoff.
 */

const root = path.resolve(__dirname, '../../..');
const SERVICES = ['clarifier', 'spec-gen', 'ticket-gen', 'handoff'] as const;
type Service = (typeof SERVICES)[number];
const PRD = fs.readFileSync(path.join(root, 'test/fixtures/prds/csv-export.md'), 'utf8');
const plan = JSON.parse(
  fs.readFileSync(path.join(root, 'apps/handoff/test/fixtures/plan-csv-export.json'), 'utf8'),
) as { spec: Spec; specMarkdown: string };

describe('artifact routes: spec, tickets, handoffs, executions, exports, templates, usage', () => {
  let h: Awaited<ReturnType<typeof gatewayHarness>>;
  const procs = new Map<Service, RunningProcess>();
  let workflow: WorkflowResponse;
  let handoffId: string;
  let executionId: string;
  let templateId: string;
  const logs = () => [...procs].map(([s, p]) => `--- ${s} ---\n${p.output().slice(-2000)}`).join('\n');

  const A = (method: string, route: string, body?: unknown, headers?: Record<string, string>) =>
    h.call(method, route, { key: h.a.apiKey, body, headers });
  const B = (method: string, route: string, body?: unknown) => h.call(method, route, { key: h.b.apiKey, body });
  const w = (suffix = '') => `/v1/workflows/${workflow.id}${suffix}`;
  const fields = (res: { body?: { errors?: { field: string }[] } }) => res.body?.errors?.map((e) => e.field);

  beforeAll(async () => {
    h = await gatewayHarness('artifacts');
    const ports = await Promise.all(SERVICES.map(() => freePort()));
    SERVICES.forEach((s, i) => {
      const main = path.join(root, 'apps', s, 'dist', 'main.js');
      if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
      procs.set(
        s,
        spawnNode(main, [], { ...h.iso.env, PORT: String(ports[i]), LOG_LEVEL: 'warn', EVENT_RETRY_BASE_MS: '100' }),
      );
    });
    await Promise.all(
      SERVICES.map((s, i) =>
        waitFor(`${s} healthy`, async () => (await fetch(`http://127.0.0.1:${ports[i]}/health`)).status === 200, {
          timeoutMs: 60_000,
          intervalMs: 200,
        }).catch((err: Error) => {
          throw new Error(`${err.message}\n${logs()}`);
        }),
      ),
    );
    const created = await A('POST', '/v1/workflows', { goal: PRD, options: { autoAnswer: false } });
    expect(created.status).toBe(202);
    workflow = created.body as WorkflowResponse;
    // The clarifier has questions for this PRD, so the workflow waits: no spec-gen run of its own.
    await waitFor(
      'the clarifier’s questions',
      async () => ((await A('GET', w())).body as WorkflowResponse).status === 'awaiting_answers',
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  });

  afterAll(async () => {
    for (const p of procs.values()) if (p.child.exitCode === null && p.child.signalCode === null) p.kill('SIGKILL');
    await Promise.all([...procs.values()].map((p) => p.exited));
    await h?.close();
  });

  it('answers 404 problem+json for the spec and tickets until they exist', async () => {
    for (const route of [w('/spec'), w('/spec.md'), w('/tickets'), w('/exports')]) {
      const res = await A('GET', route);
      expect({ route, status: res.status, type: res.type }).toEqual({
        route,
        status: 404,
        type: expect.stringContaining('application/problem+json'),
      });
    }
  });

  it('serves the spec of spec.created as JSON and markdown once the plan is in', async () => {
    const origin = { tenantId: h.a.tenantId, workflowId: workflow.id, correlationId: workflow.id, causationId: null };
    const specCreated = pipeline(origin).specCreated(workflow.options);
    await h.publisher.publish(specCreated);
    // ticket-gen plans from the spec (tickets.generated), then handoff stores the plan.
    await waitFor('the plan in handoff', async () => (await A('GET', w('/exports'))).status === 200, {
      timeoutMs: 45_000,
      intervalMs: 200,
    }).catch((err: Error) => {
      throw new Error(`${err.message}\n${logs()}`);
    });

    const spec = await A('GET', w('/spec'));
    expect(spec.status).toBe(200);
    expect(Spec.parse(spec.body)).toMatchObject({
      id: specCreated.data.spec.id,
      workflowId: workflow.id,
      content: { title: plan.spec.content.title },
    });
    const res = await fetch(`${h.base}${w('/spec.md')}`, { headers: { authorization: `Bearer ${h.a.apiKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(await res.text()).toBe(plan.specMarkdown);
  });

  it('lists tickets flat (filtered) and as a tree, reads one, and moves them through the lifecycle', async () => {
    const flat = await A('GET', w('/tickets'));
    expect(flat.status).toBe(200);
    const all = TicketsResponse.parse(flat.body);
    expect(all).toMatchObject({ workflowId: workflow.id, version: 1, view: 'flat', validation: { valid: true } });
    expect(all.tickets).toHaveLength(all.total);
    expect(all.outline).toContain('FG-1');
    expect(Object.keys(all.progress).length).toBeGreaterThan(0);

    const priority = all.tickets.find((t) => t.level === 'task')!.priority;
    const tasks = TicketsResponse.parse((await A('GET', w(`/tickets?level=task&priority=${priority}`))).body);
    expect(tasks.matched).toBeGreaterThan(0);
    expect(tasks.matched).toBe(all.tickets.filter((t) => t.level === 'task' && t.priority === priority).length);
    expect(tasks.tickets.every((t) => t.level === 'task' && t.priority === priority && !t.children)).toBe(true);

    const tree = TicketsResponse.parse((await A('GET', w('/tickets?view=tree'))).body);
    expect(tree.tickets.map((t) => t.level)).toEqual(tree.tickets.map(() => 'epic'));
    const count = (nodes: TicketNode[]): number => nodes.reduce((n, t) => n + 1 + count(t.children ?? []), 0);
    expect(count(tree.tickets)).toBe(all.total);

    const issue = all.tickets.find((t) => t.level === 'issue')!;
    const one = await A('GET', w(`/tickets/${issue.key}`));
    expect(one.status).toBe(200);
    expect((one.body as TicketNode).children!.map((c) => c.parentKey)).toEqual(
      all.tickets.filter((t) => t.parentKey === issue.key).map(() => issue.key),
    );
    expect((await A('GET', w('/tickets/FG-999'))).status).toBe(404);

    // Moves: a free task starts; a task waiting on it is refused with the lifecycle's code.
    const free = all.tickets.find((t) => t.level === 'task' && t.blockedBy.length === 0)!;
    const waiting = all.tickets.find((t) => t.level === 'task' && t.blockedBy.includes(free.key))!;
    const started = await A('POST', w(`/tickets/${free.key}/status`), { to: 'in_progress' });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ ticket: { key: free.key, status: 'in_progress' } });
    const blocked = await A('POST', w(`/tickets/${waiting.key}/status`), { to: 'in_progress' });
    expect(blocked.status).toBe(409);
    expect(blocked.type).toContain('application/problem+json');
    expect(blocked.body).toMatchObject({ status: 409, code: 'blocked', detail: expect.stringContaining(free.key) });
    // The tree filtered by status keeps the path down to the started task.
    const inProgress = TicketsResponse.parse((await A('GET', w('/tickets?view=tree&status=in_progress'))).body);
    expect(inProgress.matched).toBe(1);
    const epic = inProgress.tickets[0]!;
    expect(epic.children).toHaveLength(1);
    expect(epic.children![0]!.children!.map((t) => t.key)).toEqual([free.key]);
    const skip = await A('POST', w(`/tickets/${waiting.key}/status`), { to: 'done' });
    expect(skip.body).toMatchObject({ status: 409, code: 'invalid_transition' });

    // Bad input is refused before any query, naming the field.
    expect(fields(await A('POST', w(`/tickets/${free.key}/status`), { to: 'flying' }))).toEqual(['to']);
    expect(fields(await A('POST', w('/tickets/nope/status'), { to: 'done' }))).toEqual(['key']);
    expect(fields(await A('POST', '/v1/workflows/not-a-uuid/tickets/FG-1/status', { to: 'done' }))).toEqual(['id']);
    expect(fields(await A('GET', w('/tickets?view=sideways')))).toEqual(['view']);
  });

  it('previews and generates handoffs (Idempotency-Key), lists and reads them, and exports the plan', async () => {
    const preview = await A('POST', w('/handoffs/preview'), { agentType: 'claude' });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ content: expect.any(String), metadata: { ticketCount: expect.any(Number) } });

    const key = { 'idempotency-key': 'artifacts-test-1' };
    const first = await A('POST', w('/handoffs'), { agentType: 'cursor', author: 'the test' }, key);
    expect(first.status).toBe(201);
    const generated = GenerateHandoffResponse.parse(first.body);
    handoffId = generated.handoff.id;
    executionId = generated.execution.id;
    expect(first.headers.get('location')).toBe(`/v1/handoffs/${handoffId}`);
    expect(generated.execution).toMatchObject({ status: 'pending', handoffId, workflowId: workflow.id });
    const again = await A('POST', w('/handoffs'), { agentType: 'cursor', author: 'the test' }, key);
    expect(GenerateHandoffResponse.parse(again.body).handoff.id).toBe(handoffId);

    expect(fields(await A('POST', w('/handoffs'), { agentType: 'vim' }))).toEqual(['agentType']);
    expect(fields(await A('POST', w('/handoffs/preview'), { agentType: 'cursor', tenantId: h.b.tenantId }))).toEqual([
      'tenantId',
    ]);
    expect(
      fields(await A('POST', w('/handoffs'), { agentType: 'cursor' }, { 'idempotency-key': 'k'.repeat(151) })),
    ).toEqual(['idempotency-key']);

    const list = await A('GET', w('/handoffs'));
    expect(list.status).toBe(200);
    expect((list.body as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([handoffId]);
    const one = await A('GET', `/v1/handoffs/${handoffId}`);
    expect(HandoffResponse.parse(one.body)).toMatchObject({ id: handoffId, agentType: 'cursor' });
    expect(one.body).not.toHaveProperty('tenantId');

    const everything = ExportsResponse.parse((await A('GET', w('/exports'))).body);
    expect(everything.files.map((f) => f.path)).toEqual(expect.arrayContaining(['spec.md', 'IMPL_PLAN.md']));
    const taskmaster = ExportsResponse.parse((await A('GET', w('/exports?format=taskmaster'))).body);
    expect(taskmaster.files.map((f) => f.path)).toEqual(['taskmaster/tasks.json']);
    expect(fields(await A('GET', w('/exports?format=pdf')))).toEqual(['format']);
  });

  it('lists, reads and updates executions; a refused move is 409 with its code', async () => {
    const list = await A('GET', w('/executions'));
    expect((list.body as { items: Execution[] }).items.map((e) => e.id)).toEqual([executionId]);
    const epicKey = (await A('GET', w('/executions?epicKey=FG-999'))).body as { items: Execution[] };
    expect(epicKey.items).toEqual([]);
    const one = await A('GET', `/v1/executions/${executionId}`);
    expect(Execution.parse(one.body)).toMatchObject({ id: executionId, status: 'pending' });

    const moved = await A('PATCH', `/v1/executions/${executionId}`, {
      status: 'in_progress',
      result: { notes: 'started' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'in_progress', result: { notes: 'started' } });
    const back = await A('PATCH', `/v1/executions/${executionId}`, { status: 'pending' });
    expect(back.status).toBe(409);
    expect(back.body).toMatchObject({ code: 'invalid_transition' });
    expect(fields(await A('PATCH', `/v1/executions/${executionId}`, { status: 'finished' }))).toEqual(['status']);
    expect(fields(await A('PATCH', '/v1/executions/nope', { status: 'completed' }))).toEqual(['executionId']);
  });

  it('manages handoff templates and ticket templates', async () => {
    const source = 'OURS {{epicTitle}}\n{{#each tickets}}- {{key}} {{title}}\n{{/each}}';
    const created = await A('POST', '/v1/templates/handoff', { agentType: 'cursor', name: 'ours', source });
    expect(created.status).toBe(201);
    templateId = (created.body as { id: string }).id;
    expect(created.headers.get('location')).toBe(`/v1/templates/handoff/${templateId}`);
    const bad = await A('POST', '/v1/templates/handoff', {
      agentType: 'aider',
      name: 'bad',
      source: '{{#each tickets}}- {{titel}}\n',
    });
    expect(bad.status).toBe(400);
    expect(fields(bad)).toContain('source');
    expect(fields(await A('POST', '/v1/templates/handoff', { agentType: 'cursor', name: '' }))).toEqual(
      expect.arrayContaining(['name', 'source']),
    );
    const dup = await A('POST', '/v1/templates/handoff', { agentType: 'cursor', name: 'twice', source });
    expect(dup.body).toMatchObject({ status: 409, code: 'conflict' });

    expect((await A('GET', '/v1/templates/handoff')).body).toMatchObject({ items: [{ id: templateId }] });
    const patched = await A('PATCH', `/v1/templates/handoff/${templateId}`, { source: `${source}\nv2` });
    expect(patched.body).toMatchObject({ id: templateId, version: 2 });
    expect(fields(await A('PATCH', `/v1/templates/handoff/${templateId}`, { colour: 'red' }))).toEqual(['colour']);
    expect(fields(await A('DELETE', '/v1/templates/handoff/latest'))).toEqual(['templateId']);
    const detail = await A('GET', `/v1/templates/handoff/${templateId}`);
    expect((detail.body as { versions: { version: number }[] }).versions.map((v) => v.version)).toEqual([2, 1]);

    const tickets = await A('GET', '/v1/templates/tickets');
    expect((tickets.body as { items: { source: string }[] }).items).toHaveLength(5);
    const template = {
      id: 'acme-bugfix',
      kind: 'bugfix',
      name: 'Acme bug fix',
      requiredSections: ['description', 'acceptanceCriteria', 'implementationSteps', 'reproductionSteps'],
      extraCriteria: ['Link the support ticket in the pull request'],
    };
    const registered = await A('POST', '/v1/templates/tickets', template);
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ id: 'acme-bugfix', source: 'tenant', version: 1 });
    const replaced = await A('POST', '/v1/templates/tickets', { ...template, name: 'Acme bug fix v2' });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ version: 2 });
    const badId = await A('POST', '/v1/templates/tickets', { ...template, id: 'Bad Id' });
    expect(badId.status).toBe(400);
    expect(fields(badId)).toEqual(['id']);
    expect(fields(await A('POST', '/v1/templates/tickets', { ...template, kind: 'poem' }))).toEqual(['kind']);
  });

  it('sums token usage over clarifier, spec-gen and ticket-gen, per workflow and per tenant', async () => {
    const usage = await A('GET', w('/usage'));
    expect(usage.status).toBe(200);
    const body = UsageResponse.parse(usage.body);
    expect(body.workflowId).toBe(workflow.id);
    // The offline planner is charged nothing, but each call is on the ledger.
    expect(body.rows.map((r) => r.service).sort()).toEqual(['clarifier', 'ticket-gen']);
    expect(body.totals.calls).toBe(body.rows.reduce((n, r) => n + r.calls, 0));
    expect(body.totals.totalTokens).toBe(body.totals.promptTokens + body.totals.completionTokens);
    const tenant = UsageResponse.parse((await A('GET', '/v1/usage')).body);
    expect(tenant.workflowId).toBeNull();
    expect(tenant.totals.calls).toBeGreaterThanOrEqual(body.totals.calls);
    const other = UsageResponse.parse((await B('GET', '/v1/usage')).body);
    expect(other.rows).toEqual([]);
  });

  it('regenerates the ticket set (202, the next version)', async () => {
    const res = await A('POST', w('/tickets/regenerate'));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ workflowId: workflow.id, version: 2 });
    expect(fields(await A('POST', '/v1/workflows/not-a-uuid/tickets/regenerate'))).toEqual(['id']);
  });

  it('answers 404 to another tenant on every route with an id', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', w('/spec')],
      ['GET', w('/spec.md')],
      ['GET', w('/tickets')],
      ['GET', w('/tickets/FG-1')],
      ['POST', w('/tickets/FG-1/status'), { to: 'in_progress' }],
      ['POST', w('/tickets/regenerate')],
      ['POST', w('/handoffs/preview'), { agentType: 'cursor' }],
      ['POST', w('/handoffs'), { agentType: 'cursor' }],
      ['GET', w('/handoffs')],
      ['GET', `/v1/handoffs/${handoffId}`],
      ['GET', w('/exports')],
      ['GET', w('/executions')],
      ['GET', `/v1/executions/${executionId}`],
      ['PATCH', `/v1/executions/${executionId}`, { status: 'completed' }],
      ['GET', `/v1/templates/handoff/${templateId}`],
      ['PATCH', `/v1/templates/handoff/${templateId}`, { name: 'theirs' }],
      ['DELETE', `/v1/templates/handoff/${templateId}`],
      ['GET', w('/usage')],
    ];
    for (const [method, route, body] of routes) {
      const res = await B(method, route, body);
      expect({ method, route, status: res.status, type: res.type }).toEqual({
        method,
        route,
        status: 404,
        type: expect.stringContaining('application/problem+json'),
      });
    }
    // Nothing moved for tenant A.
    expect((await A('GET', `/v1/executions/${executionId}`)).body).toMatchObject({ status: 'in_progress' });
    expect((await A('GET', '/v1/templates/handoff')).body).toMatchObject({ items: [{ id: templateId }] });
    expect((await A('DELETE', `/v1/templates/handoff/${templateId}`)).status).toBe(204);
    expect((await A('GET', `/v1/templates/handoff/${templateId}`)).status).toBe(404);
  });

  it('answers 503 problem+json when the owning service does not answer', async () => {
    for (const s of ['handoff', 'spec-gen'] as const) procs.get(s)!.kill('SIGTERM');
    await Promise.all([procs.get('handoff')!.exited, procs.get('spec-gen')!.exited]);
    for (const route of [w('/handoffs'), `/v1/executions/${executionId}`, w('/usage'), '/v1/usage']) {
      const res = await A('GET', route);
      expect({ route, status: res.status, type: res.type }).toEqual({
        route,
        status: 503,
        type: expect.stringContaining('application/problem+json'),
      });
    }
    // The others still answer.
    expect((await A('GET', w('/tickets'))).status).toBe(200);
  });
});
