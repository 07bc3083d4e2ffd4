import { Module, type DynamicModule } from '@nestjs/common';
import type { ServiceConfig } from '@flowguard/config';
import { PlatformModule } from '@flowguard/service-kit';
import { schemaParts } from './data-source';

@Module({})
export class HandoffModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: HandoffModule,
      imports: [
        PlatformModule.forService({
          service: 'handoff',
          config,
          entities: schemaParts.entities,
          migrations: schemaParts.migrations,
          subscriptions: [],
        }),
      ],
    };
  }
}
