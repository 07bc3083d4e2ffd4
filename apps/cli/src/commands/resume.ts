import type { Command } from 'commander';
import { print, printJson, session } from '../globals';

export function registerResume(program: Command): void {
  program
    .command('resume')
    .description('resume a stuck or failed workflow: re-sends the trigger of its first unfinished phase')
    .argument('<id>', 'workflow id')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const { client, json } = session(cmd);
      const resumed = await client.resumeWorkflow(id);
      if (json) return printJson(resumed);
      print(
        `workflow ${id}: ${resumed.resumed.eventType} re-sent (event ${resumed.resumed.eventId}); ` +
          `now ${resumed.status} — flowguard status ${id}`,
      );
    });
}
