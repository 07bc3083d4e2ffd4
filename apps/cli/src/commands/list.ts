import { Option, type Command } from 'commander';
import { note, print, printJson, session } from '../globals';
import { renderWorkflowList } from '../render';
import { WORKFLOW_STATUSES, intInRange } from './options';

interface ListOptions {
  status?: string;
  limit?: number;
  cursor?: string;
}

export function registerList(program: Command): void {
  program
    .command('list')
    .description('list your workflows, newest first')
    .addOption(new Option('--status <status>', 'only workflows in this status').choices(WORKFLOW_STATUSES))
    .option('--limit <n>', 'workflows per page (1–100)', intInRange('--limit', 1, 100))
    .option('--cursor <cursor>', 'the next page, as a previous list printed it')
    .action(async (opts: ListOptions, cmd: Command) => {
      const { client, json } = session(cmd);
      const page = await client.listWorkflows({ status: opts.status, limit: opts.limit, cursor: opts.cursor });
      if (json) return printJson(page);
      print(renderWorkflowList(page.items));
      if (page.nextCursor) note(`more: flowguard list --cursor ${page.nextCursor}`);
    });
}
