import { z } from 'zod';

/** Identifiers are UUIDs everywhere; a malformed id is a 4xx at the edge, never a DB error. */
export const Id = z.uuid();
export type Id = z.infer<typeof Id>;

export const IsoDateTime = z.iso.datetime({ offset: true });

/** Effort strings such as `2h`, `4h`, `1d` (a day is 8 working hours). */
export const Effort = z.string().regex(/^\d+(\.\d+)?[hd]$/, 'effort must look like "2h", "4h" or "1d"');

export const Priority = z.enum(['P0', 'P1', 'P2', 'P3']);
export type Priority = z.infer<typeof Priority>;

export const Complexity = z.enum(['small', 'medium', 'large']);
export type Complexity = z.infer<typeof Complexity>;

export const AgentType = z.enum(['cursor', 'claude', 'windsurf', 'cline', 'aider', 'generic', 'custom']);
export type AgentType = z.infer<typeof AgentType>;

export const Provider = z.object({
  provider: z.string().min(1),
  model: z.string().min(1),
  promptId: z.string().min(1),
  promptVersion: z.number().int().positive(),
});
export type Provider = z.infer<typeof Provider>;
