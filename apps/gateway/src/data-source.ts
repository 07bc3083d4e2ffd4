import { Init1795289379470 } from './migrations/1795289379470-init';

/**
 * What the gateway schema holds beside the platform's inbox/outbox, and the committed
 * migrations that create it. Read by the service and by `npm run migrate`.
 */
export const schemaParts = {
  entities: [],
  migrations: [Init1795289379470],
};
