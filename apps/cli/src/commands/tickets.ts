import type { Command } from 'commander';
import { print, printJson, session } from '../globals';
import { renderTickets, renderValidation } from '../render';

export function registerTickets(program: Command): void {
  program
    .command('tickets')
    .description('show the ticket plan: epics → issues → tasks (or --flat), with its validation')
    .argument('<id>', 'workflow id')
    .option('--flat', 'one row per ticket in plan order instead of the tree')
    .action(async (id: string, opts: { flat?: boolean }, cmd: Command) => {
      const { client, json } = session(cmd);
      const tickets = await client.getTickets(id, opts.flat ? 'flat' : 'tree');
      if (json) return printJson(tickets);
      print(renderTickets(tickets));
      print();
      print(renderValidation(tickets.validation));
    });
}
