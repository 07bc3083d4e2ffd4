import type { Command } from 'commander';
import { print, printJson, session } from '../globals';
import { renderWorkflow } from '../render';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show a workflow: status, progress, questions, artifacts, validation, errors')
    .argument('<id>', 'workflow id')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const { client, json } = session(cmd);
      const workflow = await client.getWorkflow(id);
      if (json) printJson(workflow);
      else print(renderWorkflow(workflow));
    });
}
