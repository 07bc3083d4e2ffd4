import { z } from 'zod';
import {
  AnswersSubmittedV1,
  ExecutionUpdatedV1,
  GoalAnalyzedV1,
  GoalClarifiedV1,
  GoalSubmittedV1,
  HandoffCreatedV1,
  SpecCreatedV1,
  TicketsGeneratedV1,
  WorkflowCancelledV1,
  WorkflowFailedV1,
} from './payloads';

export const SERVICES = ['gateway', 'clarifier', 'spec-gen', 'ticket-gen', 'handoff'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface EventDefinition<TSchema extends z.ZodType = z.ZodType> {
  /** The version producers write today. */
  readonly version: number;
  readonly schema: TSchema;
  readonly producers: readonly ServiceName[];
  readonly consumers: readonly ServiceName[];
  readonly description: string;
}

const define = <TSchema extends z.ZodType>(def: EventDefinition<TSchema>) => def;

/**
 * The event catalog. Names are a permanent contract (the design card's `goal.analyzed`,
 * `spec.created` and `tickets.generated` included): never rename, only add.
 * Versioning rule: adding an optional field keeps the version; anything else (a removed,
 * renamed, retyped or newly required field) is a new version with its own schema, and
 * consumers accept both until every producer has moved on.
 */
export const EVENT_CATALOG = {
  'goal.submitted': define({
    version: 1,
    schema: GoalSubmittedV1,
    producers: ['gateway'],
    consumers: ['clarifier', 'gateway'],
    description: 'A tenant submitted a goal or PRD; starts a workflow.',
  }),
  'goal.analyzed': define({
    version: 1,
    schema: GoalAnalyzedV1,
    producers: ['clarifier'],
    consumers: ['gateway'],
    description: 'The goal was restated, triaged and, where needed, turned into at most 5 questions.',
  }),
  'answers.submitted': define({
    version: 1,
    schema: AnswersSubmittedV1,
    producers: ['gateway'],
    consumers: ['clarifier', 'gateway'],
    description: 'Answers to the clarifying questions arrived (API, CLI or webhook consumer).',
  }),
  'goal.clarified': define({
    version: 1,
    schema: GoalClarifiedV1,
    producers: ['clarifier'],
    consumers: ['spec-gen', 'gateway'],
    description: 'Answers (or the defaults, recorded as assumptions) are final; spec generation may start.',
  }),
  'spec.created': define({
    version: 1,
    schema: SpecCreatedV1,
    producers: ['spec-gen'],
    consumers: ['ticket-gen', 'handoff', 'gateway'],
    description: 'A validated spec was stored; carries the whole spec.',
  }),
  'tickets.generated': define({
    version: 1,
    schema: TicketsGeneratedV1,
    producers: ['ticket-gen'],
    consumers: ['handoff', 'gateway'],
    description: 'A ticket set (a new version for the spec) and its validation report were stored.',
  }),
  'handoff.created': define({
    version: 1,
    schema: HandoffCreatedV1,
    producers: ['handoff'],
    consumers: ['gateway'],
    description: 'A handoff prompt and its execution record were created.',
  }),
  'execution.updated': define({
    version: 1,
    schema: ExecutionUpdatedV1,
    producers: ['handoff'],
    consumers: ['gateway'],
    description: 'An execution moved between pending, in_progress, completed, failed and cancelled.',
  }),
  'workflow.cancelled': define({
    version: 1,
    schema: WorkflowCancelledV1,
    producers: ['gateway'],
    consumers: ['clarifier', 'spec-gen', 'ticket-gen', 'handoff', 'gateway'],
    description: 'A tenant cancelled the workflow; services stop work on it.',
  }),
  'workflow.failed': define({
    version: 1,
    schema: WorkflowFailedV1,
    producers: ['clarifier', 'spec-gen', 'ticket-gen', 'handoff'],
    consumers: ['gateway'],
    description: 'A phase failed for good (attempts exhausted or a fatal error); names phase and reason.',
  }),
} as const;

export type EventType = keyof typeof EVENT_CATALOG;
export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];
export type EventData<T extends EventType> = z.infer<(typeof EVENT_CATALOG)[T]['schema']>;

export function isEventType(value: string): value is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOG, value);
}
