import { loadConfig, serviceConfigSchema } from '@flowguard/config';

export const SpecGenConfigSchema = serviceConfigSchema(3102);
export const loadSpecGenConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(SpecGenConfigSchema, env);
