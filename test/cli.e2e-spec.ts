import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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

jest.setTimeout(180_000);

const root = path.resolve(__dirname, '..');
const CLI = path.join(root, 'apps/cli/dist/main.js');
const SERVICES = ['gateway', 'clarifier', 'spec-gen', 'ticket-gen', 'handoff'] as const;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

interface CliRun {
  code: number | string;
  stdout: string;
  stderr: string;
}

/**
 * The built CLI with its own stdout, stderr and a piped stdin: `input` is written and stdin is
 * closed, unless `keepStdinOpen` (then the caller ends it through `child`).
 */
function runCli(
  args: string[],
  env: Record<string, string>,
  { input = '', keepStdinOpen = false }: { input?: string; keepStdinOpen?: boolean } = {},
) {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.write(input);
  if (!keepStdinOpen) child.stdin.end();
  const done = new Promise<CliRun>((resolve) =>
    child.on('close', (code, signal) => resolve({ code: code ?? signal ?? 'unknown', stdout, stderr })),
  );
  return { child, done, output: () => ({ stdout, stderr }) };
}

describe('flowguard CLI against the five services (offline planner)', () => {
  let iso: Isolation;
  let base: string;
  let apiKey: string;
  let cliEnv: Record<string, string>;
  let tmp: string;
  let createdLocalConfig = false;
  const procs = new Map<string, RunningProcess>();
  const logs = () => [...procs].map(([s, p]) => `--- ${s} ---\n${p.output().slice(-2000)}`).join('\n');

  const api = async <T>(route: string): Promise<T> => {
    const res = await fetch(`${base}${route}`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  const workflowIdIn = (text: string) => text.match(new RegExp(`workflow (${UUID.source})`))?.[1];

  beforeAll(async () => {
    iso = await createIsolation('clie2e');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fg-cli-'));
    const ports = new Map<string, number>();
    for (const s of SERVICES) ports.set(s, await freePort());
    for (const s of SERVICES) {
      procs.set(
        s,
        spawnNode(path.join(root, 'apps', s, 'dist', 'main.js'), [], {
          ...iso.env,
          PORT: String(ports.get(s)),
          LOG_LEVEL: 'warn',
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
    base = `http://127.0.0.1:${ports.get('gateway')}`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(root, 'scripts/tenant-create.mjs'), '--name', 'cli-e2e', '--json'],
      { cwd: root, env: { ...process.env, DATABASE_URL: iso.databaseUrl } },
    );
    apiKey = (JSON.parse(stdout.trim().split('\n').pop()!) as { apiKey: string }).apiKey;
    cliEnv = { FLOWGUARD_URL: base, FLOWGUARD_API_KEY: apiKey };
  });

  afterAll(async () => {
    for (const p of procs.values()) p.kill('SIGTERM');
    await Promise.all([...procs.values()].map((p) => p.exited));
    await iso?.cleanup();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    if (createdLocalConfig) fs.rmSync(path.join(root, 'examples/sample-codebase/config.local.json'), { force: true });
  });

  let plannedId: string;

  it('plan --yes --file writes spec, tickets, plan, todo list and handoff, and exits 0', async () => {
    const out = path.join(tmp, 'plan-yes');
    const run = spawnNode(CLI, ['plan', '--yes', '--file', 'examples/prd-team-billing.md', '--out', out], cliEnv);
    const code = await run.exited;
    const text = run.output();
    expect({ code, tail: code === 0 ? '' : `${text.slice(-3000)}\n${logs()}` }).toEqual({ code: 0, tail: '' });
    plannedId = workflowIdIn(text)!;
    expect(plannedId).toMatch(UUID);

    for (const f of ['spec.md', 'IMPL_PLAN.md', 'TODO_LIST.md', 'handoff-generic.md']) {
      expect(fs.statSync(path.join(out, f)).size).toBeGreaterThan(100);
    }
    const tickets = await api<{ total: number }>(`/v1/workflows/${plannedId}/tickets`);
    const ticketFiles = fs.readdirSync(path.join(out, 'tickets'));
    expect(ticketFiles).toHaveLength(tickets.total);
    expect(ticketFiles.every((f) => f.endsWith('.md'))).toBe(true);
    // The files are the API's exports, byte for byte.
    const exported = await api<{ files: { path: string; content: string }[] }>(`/v1/workflows/${plannedId}/exports`);
    for (const f of exported.files) expect(fs.readFileSync(path.join(out, f.path), 'utf8')).toBe(f.content);
    // The tree, the validation summary and the token usage are printed.
    expect(text).toMatch(/^KEY\s+LEVEL\s+PRI\s+EFFORT\s+BLOCKED BY\s+TITLE$/m);
    expect(text).toMatch(/^FG-1\s+epic\s+P\d/m);
    expect(text).toMatch(/^validation: valid — 0 errors/m);
    expect(text).toMatch(/^token usage: \d+ tokens/m);
  });

  it('status --json prints exactly what GET /v1/workflows/:id answers', async () => {
    const run = spawnNode(CLI, ['status', plannedId, '--json'], cliEnv);
    expect(await run.exited).toBe(0);
    const printed = JSON.parse(run.output()) as WorkflowResponse;
    expect(printed).toEqual(await api<WorkflowResponse>(`/v1/workflows/${plannedId}`));
    expect(printed.status).toBe('completed');
  });

  it('without --yes, answers piped on stdin are asked for, sent and used', async () => {
    const out = path.join(tmp, 'plan-answers');
    const run = await runCli(
      ['plan', '--file', 'examples/feature-request.md', '--agent', 'cursor', '--out', out],
      cliEnv,
      { input: 'Billing admins only\n\n' },
    ).done;
    expect({ code: run.code, err: run.code === 0 ? '' : `${run.stderr}\n${logs()}` }).toEqual({ code: 0, err: '' });
    expect(run.stderr).toMatch(/^Q1> Billing admins only$/m);
    expect(fs.existsSync(path.join(out, 'handoff-cursor.md'))).toBe(true);

    const id = workflowIdIn(run.stderr)!;
    const workflow = await api<WorkflowResponse>(`/v1/workflows/${id}`);
    expect(workflow).toMatchObject({ status: 'completed', options: { autoAnswer: false, agentType: 'cursor' } });
    const sse = await SseClient.open(`${base}/v1/workflows/${id}/events`, { authorization: `Bearer ${apiKey}` });
    await waitFor('the event log', () => sse.endedByServer, { timeoutMs: 10_000 });
    const submitted = sse.messages.find((e) => e.event === 'answers.submitted');
    const { answers } = (
      JSON.parse(submitted!.data) as EventEnvelope<{ answers: { questionId: string; answer: string }[] }>
    ).data;
    expect(answers[0]).toEqual({ questionId: 'Q1', answer: 'Billing admins only' });
    // Empty input took the default answer of every other question.
    for (const a of answers.slice(1)) {
      expect(a.answer).toBe(workflow.questions.find((q) => q.id === a.questionId)!.defaultAnswer);
    }
  });

  it('a plan cancelled while it waits for answers exits 4', async () => {
    const plan = runCli(
      ['plan', '--file', 'examples/feature-request.md', '--out', path.join(tmp, 'cancelled')],
      cliEnv,
      {
        keepStdinOpen: true,
      },
    );
    const id = await waitFor(
      'the first question',
      () => {
        const { stderr } = plan.output();
        return /Q1> /.test(stderr) ? workflowIdIn(stderr) : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const cancel = spawnNode(CLI, ['cancel', id, '--reason', 'e2e'], cliEnv);
    expect(await cancel.exited).toBe(0);
    plan.child.stdin.end('\n\n\n\n\n');
    const run = await plan.done;
    expect(run.code).toBe(4);
    expect(run.stderr.trim().split('\n').pop()).toMatch(new RegExp(`^flowguard: workflow ${id} cancelled`));
  });

  it('an unreachable URL and a wrong key each give one line on stderr and exit 3', async () => {
    const closed = await freePort();
    const unreachable = await runCli(['status', plannedId, '--url', `http://127.0.0.1:${closed}`], cliEnv).done;
    expect(unreachable).toEqual({
      code: 3,
      stdout: '',
      stderr: `flowguard: cannot reach http://127.0.0.1:${closed}: ECONNREFUSED\n`,
    });

    const wrongKey = await runCli(['status', plannedId], {
      ...cliEnv,
      FLOWGUARD_API_KEY: 'fg_live_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB',
    }).done;
    expect(wrongKey.code).toBe(3);
    expect(wrongKey.stdout).toBe('');
    expect(wrongKey.stderr).toMatch(/^flowguard: Unauthorized \(401\)[^\n]*\n$/);
  });

  it('plan --context sends the codebase described, without what .gitignore ignores', async () => {
    const sample = path.join(root, 'examples/sample-codebase');
    // The ignored file cannot be committed by definition; make sure it is there to be ignored.
    const local = path.join(sample, 'config.local.json');
    if (!fs.existsSync(local)) {
      fs.writeFileSync(local, '{ "secret": "must not be sent" }\n');
      createdLocalConfig = true;
    }
    const run = spawnNode(
      CLI,
      ['plan', '--yes', '--context', sample, '--out', path.join(tmp, 'context'), 'Add discount codes to invoices'],
      cliEnv,
    );
    const code = await run.exited;
    expect({ code, tail: code === 0 ? '' : run.output().slice(-3000) }).toEqual({ code: 0, tail: '' });
    expect(run.output()).toMatch(/context: \d+ files from .*sample-codebase \(\d+ ignored/);

    const workflow = await api<WorkflowResponse>(`/v1/workflows/${workflowIdIn(run.output())}`);
    const context = workflow.options.codebaseContext!;
    const paths = context.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'src/index.ts', 'src/invoice.ts', 'src/tax.ts']));
    expect(paths).not.toContain('config.local.json');
    expect(context.files.find((f) => f.path === 'src/invoice.ts')).toMatchObject({
      language: 'TypeScript',
      loc: expect.any(Number),
      symbols: expect.arrayContaining(['Invoice', 'totalsOf', 'finalise']),
    });
    expect(context.dependencies).toEqual(expect.arrayContaining([expect.stringMatching(/^express@/)]));
  });
});
