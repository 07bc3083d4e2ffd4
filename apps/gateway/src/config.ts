import { loadConfig, serviceConfigSchema } from '@flowguard/config';
import { z } from 'zod';

export const GatewayConfigSchema = serviceConfigSchema(3000).extend({
  /** Largest request body accepted (a PRD of MAX_GOAL_CHARS plus options fits). */
  GATEWAY_BODY_LIMIT: z
    .string()
    .regex(/^\d+(kb|mb)$/)
    .default('1mb'),
});
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;
export const GATEWAY_CONFIG = Symbol('gateway:config');

export const loadGatewayConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(GatewayConfigSchema, env);
