import { Module, type DynamicModule } from '@nestjs/common';
import { LlmClient } from '@flowguard/llm';
import { PlatformModule } from '@flowguard/service-kit';
import { AnalyzeGoalConsumer } from './analyze-goal/analyze-goal.consumer';
import { AnalyzeGoalProcessor } from './analyze-goal/analyze-goal.processor';
import { clarificationPromptV1 } from './analyze-goal/clarification.v1.prompt';
import { analyzeGoalOffline } from './analyze-goal/offline-clarification';
import { CancelWorkflowConsumer } from './cancel-workflow/cancel-workflow.consumer';
import { CLARIFIER_CONFIG, type ClarifierConfig } from './config';
import { schemaParts } from './data-source';
import { SubmitAnswersConsumer } from './submit-answers/submit-answers.consumer';
import { UsageQueries } from './usage/usage.queries';

@Module({})
export class ClarifierModule {
  static register(config: ClarifierConfig): DynamicModule {
    return {
      module: ClarifierModule,
      imports: [
        PlatformModule.forService({
          service: 'clarifier',
          config,
          entities: schemaParts.entities,
          migrations: schemaParts.migrations,
          subscriptions: ['goal.submitted', 'answers.submitted', 'workflow.cancelled'],
        }),
      ],
      providers: [
        { provide: CLARIFIER_CONFIG, useValue: config },
        { provide: LlmClient, useFactory: () => new LlmClient(config).use(clarificationPromptV1, analyzeGoalOffline) },
        AnalyzeGoalConsumer,
        AnalyzeGoalProcessor,
        SubmitAnswersConsumer,
        CancelWorkflowConsumer,
        UsageQueries,
      ],
    };
  }
}
