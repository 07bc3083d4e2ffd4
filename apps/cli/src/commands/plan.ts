import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type {
  CreateWorkflowRequest,
  GoalAnalyzedV1,
  HandoffResponse,
  TicketsGeneratedV1,
  UsageResponse,
  WorkflowFailedV1,
  WorkflowResponse,
} from '@flowguard/contracts';
import { Option, type Command } from 'commander';
import type { z } from 'zod';
import { ApiError, type ApiClient } from '../api-client';
import { scanCodebase } from '../context-scan';
import { CliError, EXIT, usageError } from '../errors';
import { note, print, printJson, session } from '../globals';
import { describeWritten, writeFiles } from '../output-files';
import { Progress } from '../progress';
import { LineReader, askQuestions } from '../prompt';
import { renderTickets, renderUsage, renderValidation, renderWorkflow } from '../render';
import { followWorkflow } from '../sse';
import { handoffFor } from './handoff';
import { AGENT_TYPES, intInRange } from './options';

/** The gateway's limit on a goal or PRD (MAX_GOAL_CHARS in the contracts). */
const MAX_GOAL_CHARS = 262_144;

interface PlanOptions {
  file?: string;
  yes?: boolean;
  agent?: string;
  maxTickets?: number;
  priority?: 'balanced' | 'critical-first';
  context?: string;
  out: string;
}

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('plan a goal or PRD: questions, spec, tickets and a handoff prompt, written to --out')
    .argument('[goal]', 'the goal, in quotes (or use --file)')
    .option('-f, --file <path>', 'read the goal or PRD from a file')
    .option('-y, --yes', 'take every default answer instead of asking (options.autoAnswer)')
    .addOption(
      new Option('--agent <type>', 'coding agent for the handoff prompt (default: generic)').choices(AGENT_TYPES),
    )
    .option('--max-tickets <n>', 'at most this many tickets (3–200)', intInRange('--max-tickets', 3, 200))
    .addOption(
      new Option('--priority <distribution>', 'how priorities are spread').choices(['balanced', 'critical-first']),
    )
    .option('--context <dir>', 'describe this codebase to the planner (honours .gitignore)')
    .option('--out <dir>', 'where to write spec, tickets, plan and handoff', '.flowguard')
    .action((goal: string | undefined, opts: PlanOptions, cmd: Command) => plan(goal, opts, cmd));
}

function readGoal(goal: string | undefined, file: string | undefined): string {
  if (goal !== undefined && file !== undefined) throw usageError('give a goal or --file, not both');
  let text: string;
  if (file !== undefined) {
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw usageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  } else if (goal !== undefined) text = goal;
  else throw usageError('what should be planned? flowguard plan "<goal>" or flowguard plan --file prd.md');
  if (!text.trim()) throw usageError(file ? `${file} is empty` : 'the goal is empty');
  if (text.length > MAX_GOAL_CHARS) throw usageError(`the goal is over ${MAX_GOAL_CHARS} characters`);
  return text;
}

async function plan(goalArg: string | undefined, opts: PlanOptions, cmd: Command): Promise<void> {
  const goal = readGoal(goalArg, opts.file);
  const { client, json } = session(cmd);

  const options: z.input<typeof CreateWorkflowRequest>['options'] = { autoAnswer: Boolean(opts.yes) };
  if (opts.agent) options.agentType = opts.agent as WorkflowResponse['options']['agentType'];
  if (opts.maxTickets !== undefined) options.maxTickets = opts.maxTickets;
  if (opts.priority) options.priorityDistribution = opts.priority;
  if (opts.context) {
    if (!fs.existsSync(opts.context) || !fs.statSync(opts.context).isDirectory()) {
      throw usageError(`--context ${opts.context} is not a directory`);
    }
    const { context, skipped } = scanCodebase(opts.context);
    options.codebaseContext = context;
    note(
      `context: ${context.files.length} files from ${opts.context}` +
        ` (${skipped.ignored} ignored, ${skipped.binary} binary, ${skipped.large} over 256 KiB${skipped.truncated ? ', truncated' : ''})`,
    );
  }

  // Same inputs a second apart are two plans; a retried request within this run is one.
  const idempotencyKey = `cli-${createHash('sha256')
    .update(JSON.stringify({ goal, options, at: Date.now() }))
    .digest('hex')
    .slice(0, 40)}`;
  const created = await client.createWorkflow({ goal, options }, idempotencyKey);
  const id = created.id;
  note(`workflow ${id}`);

  const onInterrupt = () => {
    process.stderr.write(
      `\nflowguard: stopped watching; workflow ${id} goes on — flowguard status ${id} (or cancel ${id})\n`,
    );
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);

  const progress = new Progress(process.stderr, json);
  const reader = new LineReader();
  let asked = false;
  try {
    for await (const ev of followWorkflow(client, id)) {
      if (ev.event === 'goal.analyzed') {
        const data = ev.envelope.data as z.infer<typeof GoalAnalyzedV1>;
        progress.event(ev.event, `${data.complexity}, ${data.questions.length} questions`);
        if (!data.autoAnswer && data.questions.length > 0 && !asked) {
          asked = true;
          progress.break();
          const answers = await askQuestions(data.questions, reader);
          await submitAnswers(client, id, answers);
        }
      } else if (ev.event === 'tickets.generated') {
        const data = ev.envelope.data as z.infer<typeof TicketsGeneratedV1>;
        progress.event(ev.event, `${data.ticketSet.tickets.length} tickets`);
      } else if (ev.event === 'workflow.failed') {
        const data = ev.envelope.data as z.infer<typeof WorkflowFailedV1>;
        progress.event(ev.event, `${data.phase}: ${data.reason}`);
      } else progress.event(ev.event);
    }
  } finally {
    progress.break();
    reader.close();
    process.removeListener('SIGINT', onInterrupt);
  }

  const workflow = await client.getWorkflow(id);
  if (workflow.status === 'failed' || workflow.status === 'cancelled') {
    if (json) printJson(workflow);
    else print(renderWorkflow(workflow));
    const reason = workflow.errors.at(-1)?.reason;
    throw new CliError(`workflow ${id} ${workflow.status}${reason ? `: ${reason}` : ''}`, EXIT.workflow);
  }

  await writeResults(client, workflow, opts, json);
}

async function submitAnswers(client: ApiClient, id: string, answers: { questionId: string; answer: string }[]) {
  try {
    await client.submitAnswers(id, answers);
  } catch (err) {
    // Someone answered first (another terminal, the API): the plan goes on with theirs.
    if (err instanceof ApiError && err.status === 409) note(`answers not taken: ${err.message}`);
    else throw err;
  }
}

/** Tickets, validation, usage on stdout; exports and the handoff prompt under --out. */
async function writeResults(client: ApiClient, workflow: WorkflowResponse, opts: PlanOptions, json: boolean) {
  const id = workflow.id;
  const agent = workflow.options.agentType ?? 'generic';
  const [tickets, exported, handoff, usage] = await Promise.all([
    client.getTickets(id, 'tree'),
    client.getExports(id, 'all'),
    handoffFor(client, workflow, agent as HandoffResponse['agentType']),
    client.getUsage(id).catch((err: unknown): UsageResponse | undefined => {
      // Usage is a report on the side: a ledger that does not answer should not lose the plan.
      note(`token usage unavailable: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }),
  ]);

  const handoffFile = `handoff-${agent}.md`;
  const written = writeFiles(opts.out, [
    ...exported.files.map((f) => ({ path: f.path, content: f.content })),
    { path: handoffFile, content: handoff.content },
  ]);

  if (json) {
    printJson(workflow);
    return;
  }
  print(renderTickets(tickets));
  print();
  print(renderValidation(tickets.validation));
  if (usage) {
    print();
    print(renderUsage(usage));
  }
  print();
  print(`files written to ${opts.out}:`);
  for (const line of describeWritten(opts.out, written)) print(line);
  const m = handoff.metadata;
  print();
  print(
    `handoff for ${agent}: ${path.join(opts.out, handoffFile)} (${m.words} words, ~${m.approxTokens} tokens, ` +
      `${m.ticketCount} tickets, ${m.totalEffortHours} h of work)`,
  );
}
