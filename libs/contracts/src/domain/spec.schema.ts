import { z } from 'zod';
import { Id, IsoDateTime, Provider } from '../common';
import { Assumption } from './question.schema';

export const SPEC_SCHEMA_VERSION = 1;

export const FrId = z.string().regex(/^FR-\d{3}$/, 'functional requirement ids look like FR-001');

export const Scenario = z.object({
  given: z.string().min(1),
  when: z.string().min(1),
  then: z.string().min(1),
});

export const FunctionalRequirement = z.object({
  id: FrId,
  title: z.string().min(1).max(200),
  statement: z.string().min(1).max(2000),
  level: z.enum(['MUST', 'SHOULD', 'MAY']),
  scenarios: z.array(Scenario).min(1),
});
export type FunctionalRequirement = z.infer<typeof FunctionalRequirement>;

export const NonFunctionalRequirement = z.object({
  id: z.string().regex(/^NFR-\d{3}$/),
  category: z.string().min(1).max(60),
  statement: z.string().min(1).max(2000),
});

export const FileChange = z.object({
  path: z.string().min(1).max(500),
  action: z.enum(['create', 'modify', 'delete']),
  description: z.string().min(1).max(1000),
});
export type FileChange = z.infer<typeof FileChange>;

export const Phase = z.object({
  name: z.string().min(1).max(200),
  deliverables: z.array(z.string().min(1)).min(1),
  successCriteria: z.object({
    automated: z.array(z.string().min(1)),
    manual: z.array(z.string().min(1)),
  }),
});

export const Risk = z.object({
  description: z.string().min(1),
  probability: z.enum(['low', 'medium', 'high']),
  impact: z.enum(['low', 'medium', 'high']),
  mitigation: z.string().min(1),
  contingency: z.string().min(1),
});

/** The spec content an LLM (or the offline planner) fills; ids and provenance are added around it. */
export const SpecContent = z.object({
  title: z.string().min(1).max(200),
  overview: z.string().min(1),
  goals: z.array(z.string().min(1)).min(1),
  nonGoals: z.array(z.string().min(1)),
  functionalRequirements: z.array(FunctionalRequirement).min(1),
  nonFunctionalRequirements: z.array(NonFunctionalRequirement),
  technicalPlan: z.object({
    architectureNotes: z.string().min(1),
    fileChanges: z.array(FileChange).min(1),
    dependencies: z.array(z.string()),
    dataModel: z.string(),
  }),
  phases: z.array(Phase).min(1),
  testingStrategy: z.string().min(1),
  risks: z.array(Risk),
  rollbackPlan: z.string().min(1),
  openQuestions: z.array(z.string()),
  assumptions: z.array(Assumption),
});
export type SpecContent = z.infer<typeof SpecContent>;

export const Spec = z.object({
  schemaVersion: z.literal(SPEC_SCHEMA_VERSION),
  id: Id,
  tenantId: Id,
  workflowId: Id,
  version: z.number().int().positive(),
  content: SpecContent,
  generatedBy: Provider,
  createdAt: IsoDateTime,
});
export type Spec = z.infer<typeof Spec>;
