import type { HandoffResponse, WorkflowResponse } from '@flowguard/contracts';
import { Option, type Command } from 'commander';
import type { ApiClient } from '../api-client';
import { copyToClipboard } from '../clipboard';
import { CliError, EXIT } from '../errors';
import { note, printJson, session } from '../globals';
import { AGENT_TYPES } from './options';

/**
 * The workflow's own handoff when it was planned for this agent; otherwise one generated now.
 * The Idempotency-Key names the plan version and agent, so asking twice returns the first.
 */
export async function handoffFor(
  client: ApiClient,
  workflow: WorkflowResponse,
  agent: HandoffResponse['agentType'],
): Promise<HandoffResponse> {
  const { handoffId, ticketSetId } = workflow.artifacts;
  if (!ticketSetId) {
    throw new CliError(`workflow ${workflow.id} has no tickets yet (it is ${workflow.status})`, EXIT.server);
  }
  if (handoffId && workflow.options.agentType === agent) {
    const own = await client.getHandoff(handoffId);
    if (own.ticketSetId === ticketSetId) return own;
  }
  const { handoff } = await client.generateHandoff(
    workflow.id,
    { agentType: agent },
    `cli:${workflow.id}:${ticketSetId}:${agent}`,
  );
  return handoff;
}

export function registerHandoff(program: Command): void {
  program
    .command('handoff')
    .description('print the handoff prompt for a coding agent (or --copy it to the clipboard)')
    .argument('<id>', 'workflow id')
    .addOption(
      new Option('--agent <type>', 'the agent (default: the one the plan was made for, else generic)').choices(
        AGENT_TYPES,
      ),
    )
    .option('--copy', 'copy the prompt to the clipboard (pbcopy, wl-copy, xclip, xsel or clip)')
    .action(async (id: string, opts: { agent?: HandoffResponse['agentType']; copy?: boolean }, cmd: Command) => {
      const { client, json } = session(cmd);
      const workflow = await client.getWorkflow(id);
      const agent = opts.agent ?? workflow.options.agentType ?? 'generic';
      const handoff = await handoffFor(client, workflow, agent);
      const m = handoff.metadata;
      const size = `${m.words} words, ~${m.approxTokens} tokens`;
      if (opts.copy) {
        const tool = copyToClipboard(handoff.content);
        if (tool) {
          if (json) printJson(handoff);
          note(`copied the ${agent} handoff (${size}) to the clipboard with ${tool}`);
          return;
        }
        note(
          'no clipboard tool found (pbcopy, wl-copy, xclip, xsel or clip); printing the prompt instead — ' +
            `redirect it: flowguard handoff ${id} --agent ${agent} > handoff-${agent}.md`,
        );
      }
      if (json) printJson(handoff);
      else process.stdout.write(handoff.content.endsWith('\n') ? handoff.content : `${handoff.content}\n`);
      for (const w of handoff.warnings) note(`warning: ${w}`);
    });
}
