import { loadConfig, serviceConfigSchema } from '@flowguard/config';

export const GatewayConfigSchema = serviceConfigSchema(3000);
export const loadGatewayConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(GatewayConfigSchema, env);
