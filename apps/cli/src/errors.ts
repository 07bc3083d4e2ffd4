/** Exit codes, a contract with scripts that call the CLI. */
export const EXIT = {
  ok: 0,
  /** Bad arguments or options (commander's errors, a missing key, an unreadable --file). */
  usage: 2,
  /** The server answered an error (4xx, 5xx, 401 …) or could not be reached. */
  server: 3,
  /** The workflow ended failed or cancelled. */
  workflow: 4,
} as const;

/** An error that ends the command: one line on stderr (`flowguard: <message>`) and its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string) => new CliError(message, EXIT.usage);

/** One line, whatever the message holds (server details can contain newlines). */
export const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
