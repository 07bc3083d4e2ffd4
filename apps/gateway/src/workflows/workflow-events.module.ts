import { Global, Module } from '@nestjs/common';
import { WorkflowEventHooks } from './workflow-event-hooks';

/** Makes the event-log hooks available to the SSE and webhook modules. */
@Global()
@Module({ providers: [WorkflowEventHooks], exports: [WorkflowEventHooks] })
export class WorkflowEventsModule {}
