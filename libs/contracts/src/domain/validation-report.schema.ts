import { z } from 'zod';

export const VALIDATION_REPORT_SCHEMA_VERSION = 1;

export const ValidationFinding = z.object({
  rule: z.string().min(1),
  severity: z.enum(['error', 'warning']),
  message: z.string().min(1),
  ticketKey: z.string().optional(),
  ref: z.string().optional(),
});
export type ValidationFinding = z.infer<typeof ValidationFinding>;

export const ValidationReport = z.object({
  schemaVersion: z.literal(VALIDATION_REPORT_SCHEMA_VERSION),
  valid: z.boolean(),
  errors: z.number().int().nonnegative(),
  warnings: z.number().int().nonnegative(),
  findings: z.array(ValidationFinding),
  traceability: z.array(z.object({ requirementId: z.string(), ticketKeys: z.array(z.string()) })),
  fileConflicts: z.array(z.object({ file: z.string(), ticketKeys: z.array(z.string()).min(2) })),
  dag: z.object({
    cycles: z.array(z.array(z.string())),
    danglingLinks: z.array(z.object({ from: z.string(), to: z.string() })),
    orphans: z.array(z.string()),
  }),
});
export type ValidationReport = z.infer<typeof ValidationReport>;
