import { PinoLogger } from 'nestjs-pino';
import { Store, storage } from 'nestjs-pino/storage';
import pino, { type Bindings, type Logger } from 'pino';

let fallback: Logger | undefined;

/** The logger for the current event/job/request, or the root logger outside of one. */
export function currentLogger(): Logger {
  const store = storage.getStore();
  if (store) return store.logger;
  return rootLogger();
}

function rootLogger(): Logger {
  // PinoLogger.root exists once LoggerModule has initialised; plain scripts and tests get a
  // silent-by-default logger instead of crashing.
  const root = (PinoLogger as unknown as { root?: Logger }).root;
  if (root) return root;
  fallback ??= pino({ level: process.env.LOG_LEVEL ?? 'silent' });
  return fallback;
}

/**
 * Runs `fn` with a child logger bound to `bindings`; every `PinoLogger`/`Logger` call inside
 * (Nest's injected loggers included) writes those fields.
 */
export function runWithLogContext<T>(bindings: Bindings, fn: () => Promise<T>): Promise<T> {
  const parent = currentLogger();
  return storage.run(new Store(parent.child(bindings)), fn);
}
