import { Module, type DynamicModule } from '@nestjs/common';
import type { ServiceConfig } from '@flowguard/config';
import { PlatformModule } from '@flowguard/service-kit';
import { schemaParts } from './data-source';

@Module({})
export class GatewayModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        PlatformModule.forService({
          service: 'gateway',
          config,
          entities: schemaParts.entities,
          migrations: schemaParts.migrations,
          subscriptions: [],
        }),
      ],
    };
  }
}
