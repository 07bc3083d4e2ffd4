import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { registerAnswer } from './commands/answer';
import { registerCancel } from './commands/cancel';
import { registerExport } from './commands/export';
import { registerHandoff } from './commands/handoff';
import { registerList } from './commands/list';
import { registerPlan } from './commands/plan';
import { registerResume } from './commands/resume';
import { registerStatus } from './commands/status';
import { registerTickets } from './commands/tickets';
import { CliError, EXIT, oneLine } from './errors';
import { DEFAULT_URL } from './globals';

function version(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    return String(pkg.version);
  } catch {
    return 'unknown';
  }
}

/** The command tree. Global options are accepted before or after the command name. */
export function buildProgram(): Command {
  const program = new Command('flowguard')
    .description('FlowGuard: turn a goal or PRD into a spec, validated tickets and a coding-agent handoff')
    .version(version(), '-V, --version')
    .addOption(new Option('--url <url>', 'gateway URL').env('FLOWGUARD_URL').default(DEFAULT_URL))
    .addOption(new Option('--key <key>', 'API key (npm run tenant:create prints one)').env('FLOWGUARD_API_KEY'))
    .option('--json', 'print the API JSON instead of text (stdout)')
    // Usage errors exit 2, one line on stderr like every other error; subcommands inherit both.
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`flowguard: ${str.replace(/^error: /, '')}`) })
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 2 usage error, 3 server or network error, 4 workflow failed or cancelled.',
    );
  for (const register of [
    registerPlan,
    registerStatus,
    registerList,
    registerTickets,
    registerHandoff,
    registerAnswer,
    registerCancel,
    registerResume,
    registerExport,
  ]) {
    register(program);
  }
  return program;
}

/** Runs the CLI and resolves with its exit code; errors become one line on stderr. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (err) {
    // Commander has already printed its message (or the help / version).
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (err instanceof CliError) {
      process.stderr.write(`flowguard: ${oneLine(err.message)}\n`);
      return err.exitCode;
    }
    process.stderr.write(`flowguard: unexpected error: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
    if (process.env.FLOWGUARD_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
