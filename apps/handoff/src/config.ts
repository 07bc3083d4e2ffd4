import { loadConfig, serviceConfigSchema } from '@flowguard/config';

export const HandoffConfigSchema = serviceConfigSchema(3104);
export const loadHandoffConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(HandoffConfigSchema, env);

export const HANDOFF_CONFIG = Symbol('handoff:config');
