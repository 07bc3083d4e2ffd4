import type { Command } from 'commander';
import { print, printJson, session } from '../globals';

export function registerCancel(program: Command): void {
  program
    .command('cancel')
    .description('cancel a workflow; every service stops work on it')
    .argument('<id>', 'workflow id')
    .option('--reason <text>', 'why, recorded with the cancellation')
    .action(async (id: string, opts: { reason?: string }, cmd: Command) => {
      const { client, json } = session(cmd);
      const workflow = await client.cancelWorkflow(id, opts.reason);
      if (json) printJson(workflow);
      else print(`workflow ${id}: cancellation accepted (${workflow.status})`);
    });
}
