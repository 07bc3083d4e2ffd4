import { loadConfig, serviceConfigSchema } from '@flowguard/config';

export const ClarifierConfigSchema = serviceConfigSchema(3101);
export const loadClarifierConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(ClarifierConfigSchema, env);
