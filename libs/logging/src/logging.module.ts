import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Level } from 'pino';

export interface LoggingOptions {
  service: string;
  level: Level | 'silent';
}

/**
 * JSON logs through pino. Every line carries `service`; HTTP lines carry the request id,
 * and lines written while handling an event or job carry tenantId, workflowId and
 * correlationId (see `runWithLogContext`).
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.level,
            base: { service: options.service },
            messageKey: 'msg',
            // Health probes every few seconds would drown the useful lines.
            autoLogging: { ignore: (req) => req.url === '/health' },
            customProps: (req) => {
              const tenantId = (req as { tenantId?: string }).tenantId;
              return tenantId ? { tenantId } : {};
            },
            redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
