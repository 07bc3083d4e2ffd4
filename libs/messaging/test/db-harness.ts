import { type Isolation } from '@flowguard/testing';
import { DataSource } from 'typeorm';
import { MESSAGING_ENTITIES } from '../src';

export const SCHEMA = 'lib_test';

/**
 * A DataSource on the isolation's database with the inbox/outbox tables and an `artifact`
 * table standing for a service's own data. (Service schemas are built by their committed
 * migrations; this lib-level test synchronises instead.)
 */
export async function openTestDataSource(iso: Isolation): Promise<DataSource> {
  const ds = new DataSource({
    type: 'postgres',
    url: iso.databaseUrl,
    schema: SCHEMA,
    entities: MESSAGING_ENTITIES,
  });
  await ds.initialize();
  await ds.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
  await ds.synchronize();
  await ds.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.artifact (id uuid PRIMARY KEY, body text NOT NULL)`);
  return ds;
}
