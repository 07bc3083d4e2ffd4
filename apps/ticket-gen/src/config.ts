import { loadConfig, serviceConfigSchema } from '@flowguard/config';

export const TicketGenConfigSchema = serviceConfigSchema(3103);
export const loadTicketGenConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(TicketGenConfigSchema, env);
