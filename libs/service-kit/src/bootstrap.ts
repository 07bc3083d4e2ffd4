import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { ConfigError, type ServiceConfig } from '@flowguard/config';
import { Logger } from 'nestjs-pino';

/**
 * Starts one service: JSON logs, shutdown hooks (SIGTERM/SIGINT stop intake, finish or
 * release in-flight work, close connections), a watchdog that exits if shutdown hangs,
 * then listens on PORT.
 */
export interface LoadedService {
  config: ServiceConfig;
  module: DynamicModule;
  /** Extra HTTP set-up (body limits, filters) before the app listens. */
  configure?: (app: INestApplication) => void;
  /** Options for NestFactory.create (e.g. bodyParser: false to set limits yourself). */
  bodyParser?: boolean;
}

export async function bootstrapService(service: string, load: () => LoadedService): Promise<void> {
  let loaded: LoadedService;
  try {
    loaded = load();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${service}: ${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const { config, module } = loaded;
  const app = await NestFactory.create(module, {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: loaded.bodyParser ?? true,
  });
  app.useLogger(app.get(Logger));
  loaded.configure?.(app);
  // useProcessExit: exit 0 after a clean shutdown instead of re-raising the signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        process.stderr.write(`${service}: shutdown exceeded ${config.SHUTDOWN_GRACE_MS + 5_000} ms, exiting\n`);
        process.exit(1);
      }, config.SHUTDOWN_GRACE_MS + 5_000).unref();
    });
  }
  await app.listen(config.PORT, config.HOST);
  app.get(Logger).log(`${service} listening on http://${config.HOST}:${config.PORT}`, 'Bootstrap');
}

/** Entry-point wrapper: a failed start is logged on one line and exits non-zero. */
export function runService(service: string, load: () => LoadedService): void {
  bootstrapService(service, load).catch((err: Error) => {
    process.stderr.write(`${service}: failed to start: ${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}
