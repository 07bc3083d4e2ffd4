import { Module, type DynamicModule } from '@nestjs/common';
import { LlmClient } from '@flowguard/llm';
import { PlatformModule } from '@flowguard/service-kit';
import { CancelWorkflowConsumer } from './cancel-workflow/cancel-workflow.consumer';
import { SPEC_GEN_CONFIG, type SpecGenConfig } from './config';
import { schemaParts } from './data-source';
import { GenerateSpecConsumer } from './generate-spec/generate-spec.consumer';
import { GenerateSpecProcessor } from './generate-spec/generate-spec.processor';
import { generateSpecOffline } from './generate-spec/offline-spec';
import { specPromptV1 } from './generate-spec/spec.v1.prompt';
import { UsageQueries } from './usage/usage.queries';

@Module({})
export class SpecGenModule {
  static register(config: SpecGenConfig): DynamicModule {
    return {
      module: SpecGenModule,
      imports: [
        PlatformModule.forService({
          service: 'spec-gen',
          config,
          entities: schemaParts.entities,
          migrations: schemaParts.migrations,
          subscriptions: ['goal.clarified', 'workflow.cancelled'],
        }),
      ],
      providers: [
        { provide: SPEC_GEN_CONFIG, useValue: config },
        { provide: LlmClient, useFactory: () => new LlmClient(config).use(specPromptV1, generateSpecOffline) },
        GenerateSpecConsumer,
        GenerateSpecProcessor,
        CancelWorkflowConsumer,
        UsageQueries,
      ],
    };
  }
}
