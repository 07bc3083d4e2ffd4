import { Module, type DynamicModule } from '@nestjs/common';
import type { ServiceConfig } from '@flowguard/config';
import { PlatformModule } from '@flowguard/service-kit';
import { schemaParts } from './data-source';

@Module({})
export class ClarifierModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: ClarifierModule,
      imports: [
        PlatformModule.forService({
          service: 'clarifier',
          config,
          entities: schemaParts.entities,
          migrations: schemaParts.migrations,
          subscriptions: [],
        }),
      ],
    };
  }
}
