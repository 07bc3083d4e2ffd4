import { Client } from 'pg';
import { DataSource, type MixedList, type EntitySchema } from 'typeorm';
import type { PostgresDataSourceOptions as PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

export interface ServiceDataSourceOptions {
  url: string;
  /** The Postgres schema the service owns (one per service). */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
}

export function dataSourceOptions(options: ServiceDataSourceOptions): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    poolSize: options.poolSize ?? 10,
    applicationName: `flowguard-${options.schema}`,
  };
}

/** Creates the database named in `url` if it does not exist (first start on a fresh machine). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) return;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } catch (err) {
    // 42P04 duplicate_database / 23505: another service created it at the same moment.
    const code = (err as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw err;
  } finally {
    await client.end();
  }
}

/** Creates the service's schema if needed; migrations (and their table) live inside it. */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

/**
 * Ensures the schema, initialises the DataSource and applies pending migrations. Migrations
 * run under a Postgres advisory lock so replicas starting together do not race.
 */
export async function openServiceDataSource(
  options: PostgresConnectionOptions,
  { runMigrations = true }: { runMigrations?: boolean } = {},
): Promise<DataSource> {
  const schema = options.schema ?? 'public';
  await ensureDatabase(String(options.url));
  await ensureSchema(String(options.url), schema);
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  if (runMigrations) await migrate(dataSource);
  return dataSource;
}

export async function migrate(dataSource: DataSource): Promise<string[]> {
  const schema = (dataSource.options as PostgresConnectionOptions).schema ?? 'public';
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`flowguard-migrate:${schema}`]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner
      .query('SELECT pg_advisory_unlock(hashtext($1))', [`flowguard-migrate:${schema}`])
      .catch(() => undefined);
    await runner.release();
  }
}

/**
 * The SQL TypeORM would still run to make the database match the entities. After all
 * migrations have run this must be empty: anything else means an entity changed without a
 * migration (CI fails on it).
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}
