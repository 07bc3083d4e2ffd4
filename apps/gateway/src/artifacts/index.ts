import { ExecutionsController } from './executions.controller';
import { HandoffsController } from './handoffs.controller';
import { ServiceQueries } from './service-queries';
import { SpecController } from './spec.controller';
import { SpecReader } from './spec-reader';
import { TemplatesController } from './templates.controller';
import { TicketsController } from './tickets.controller';
import { UsageController } from './usage.controller';

/** The artifact routes (spec, tickets, handoffs, executions, exports, templates, usage). */
export const ARTIFACT_CONTROLLERS = [
  SpecController,
  TicketsController,
  HandoffsController,
  ExecutionsController,
  TemplatesController,
  UsageController,
];

export const ARTIFACT_PROVIDERS = [ServiceQueries, SpecReader];
