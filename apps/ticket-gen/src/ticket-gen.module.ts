import { Module, type DynamicModule } from '@nestjs/common';
import type { ServiceConfig } from '@flowguard/config';
import { PlatformModule } from '@flowguard/service-kit';
import { schemaParts } from './data-source';

@Module({})
export class TicketGenModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: TicketGenModule,
      imports: [
        PlatformModule.forService({
          service: 'ticket-gen',
          config,
          entities: schemaParts.entities,
          migrations: schemaParts.migrations,
          subscriptions: [],
        }),
      ],
    };
  }
}
