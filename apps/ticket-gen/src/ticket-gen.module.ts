import { Module, type DynamicModule } from '@nestjs/common';
import { LlmClient } from '@flowguard/llm';
import { PlatformModule } from '@flowguard/service-kit';
import { CancelWorkflowConsumer } from './cancel-workflow/cancel-workflow.consumer';
import { TICKET_GEN_CONFIG, type TicketGenConfig } from './config';
import { schemaParts } from './data-source';
import { GenerateTicketsConsumer } from './generate-tickets/generate-tickets.consumer';
import { GenerateTicketsProcessor } from './generate-tickets/generate-tickets.processor';
import { generateTicketsOffline } from './generate-tickets/offline-tickets';
import { ticketsPromptV1 } from './generate-tickets/tickets.v1.prompt';
import { TemplateQueries } from './ticket-queries/templates.queries';
import { TicketQueries } from './ticket-queries/tickets.queries';
import { UsageQueries } from './usage/usage.queries';

@Module({})
export class TicketGenModule {
  static register(config: TicketGenConfig): DynamicModule {
    return {
      module: TicketGenModule,
      imports: [
        PlatformModule.forService({
          service: 'ticket-gen',
          config,
          entities: schemaParts.entities,
          migrations: schemaParts.migrations,
          subscriptions: ['spec.created', 'workflow.cancelled'],
        }),
      ],
      providers: [
        { provide: TICKET_GEN_CONFIG, useValue: config },
        { provide: LlmClient, useFactory: () => new LlmClient(config).use(ticketsPromptV1, generateTicketsOffline) },
        GenerateTicketsConsumer,
        GenerateTicketsProcessor,
        TicketQueries,
        TemplateQueries,
        CancelWorkflowConsumer,
        UsageQueries,
      ],
    };
  }
}
