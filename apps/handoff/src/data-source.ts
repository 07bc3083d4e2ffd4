import { Init1795289381784 } from './migrations/1795289381784-init';

/**
 * What the handoff schema holds beside the platform's inbox/outbox, and the committed
 * migrations that create it. Read by the service and by `npm run migrate`.
 */
export const schemaParts = {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: [] as Function[],
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: [Init1795289381784] as Function[],
};
