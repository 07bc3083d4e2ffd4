import { loadConfig, serviceConfigSchema } from '@flowguard/config';
import { LlmConfigSchema } from '@flowguard/llm';
import type { z } from 'zod';

export const ClarifierConfigSchema = serviceConfigSchema(3101).extend(LlmConfigSchema.shape);
export type ClarifierConfig = z.infer<typeof ClarifierConfigSchema>;
export const CLARIFIER_CONFIG = Symbol('clarifier:config');

export const loadClarifierConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(ClarifierConfigSchema, env);
