import { Global, Module, type DynamicModule } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { WorkflowCleanupScheduler } from './workflow-cleanup.scheduler';
import { WorkflowRetention, WorkflowRetentionHooks } from './workflow-retention';

/**
 * Workflow retention: finished workflows older than WORKFLOW_RETENTION_DAYS are deleted with
 * their event log by a scheduled job. Global so other modules can register retention hooks.
 */
@Global()
@Module({})
export class CleanupModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: CleanupModule,
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        WorkflowRetentionHooks,
        WorkflowRetention,
        WorkflowCleanupScheduler,
      ],
      exports: [WorkflowRetentionHooks, WorkflowRetention],
    };
  }
}
