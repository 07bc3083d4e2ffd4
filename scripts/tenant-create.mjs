// npm run tenant:create -- --name "Acme"   [--json]
// Creates a tenant and prints its API key — once: only a hash is stored.
import path from 'node:path';
import { DEFAULT_DATABASE_URL, require, root, serviceSchema } from './lib.mjs';

const persistence = require('@flowguard/persistence');
const { createTenant } = require(path.join(root, 'apps/gateway/dist/tenants/api-keys.js'));

const args = process.argv.slice(2);
const nameAt = args.indexOf('--name');
const name = nameAt >= 0 ? args[nameAt + 1] : undefined;
if (!name || name.startsWith('--') || name.length > 200) {
  console.error('usage: npm run tenant:create -- --name "<tenant name>" [--json]');
  process.exit(2);
}
const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const ds = await persistence.openServiceDataSource(persistence.dataSourceOptions({ url, ...serviceSchema('gateway') }));
try {
  const { tenantId, apiKey } = await ds.transaction((manager) => createTenant(manager, name));
  if (args.includes('--json')) console.log(JSON.stringify({ tenantId, name, apiKey }));
  else console.log(`tenant  ${tenantId}  ${name}\napi key ${apiKey}\n(shown once; store it now)`);
} finally {
  await ds.destroy();
}
