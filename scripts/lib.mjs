// Shared helpers for the root scripts (plain Node, no build step of their own).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const require = createRequire(path.join(root, 'package.json'));

export const SERVICES = [
  { name: 'gateway', port: 3000, portEnv: 'PORT' },
  { name: 'clarifier', port: 3101, portEnv: 'CLARIFIER_PORT' },
  { name: 'spec-gen', port: 3102, portEnv: 'SPEC_GEN_PORT' },
  { name: 'ticket-gen', port: 3103, portEnv: 'TICKET_GEN_PORT' },
  { name: 'handoff', port: 3104, portEnv: 'HANDOFF_PORT' },
];

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/flowguard';

/** The entities and migrations of one service, from its build output. */
export function serviceSchema(service) {
  const { schemaParts } = require(path.join(root, 'apps', service, 'dist', 'data-source.js'));
  const { MESSAGING_ENTITIES } = require('@flowguard/messaging');
  const { schemaFor } = require('@flowguard/service-kit');
  return {
    schema: schemaFor(service),
    entities: [...MESSAGING_ENTITIES, ...schemaParts.entities],
    migrations: schemaParts.migrations,
  };
}
