import type { Command } from 'commander';
import { ApiClient } from './api-client';
import { usageError } from './errors';

export const DEFAULT_URL = 'http://127.0.0.1:3000';

/** Options every command takes (declared on the program, accepted after the command too). */
export interface GlobalOptions {
  url: string;
  key?: string;
  json?: boolean;
}

export interface Session {
  client: ApiClient;
  json: boolean;
}

/** The API client for a command's global options; no key is a usage error, before any request. */
export function session(cmd: Command): Session {
  const opts = cmd.optsWithGlobals<GlobalOptions>();
  if (!opts.key) throw usageError('no API key: pass --key or set FLOWGUARD_API_KEY (npm run tenant:create prints one)');
  try {
    new URL(opts.url);
  } catch {
    throw usageError(`--url ${opts.url} is not a URL`);
  }
  return { client: new ApiClient({ url: opts.url, key: opts.key }), json: Boolean(opts.json) };
}

/** Machine output: the API's JSON, pretty-printed, on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Human output on stdout. */
export function print(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** Notes for the person at the terminal (progress, where files went) on stderr, so stdout stays clean. */
export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}
