import { createIsolation, type Isolation } from '@flowguard/testing';
import { Column, Entity, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dataSourceOptions, openServiceDataSource, pendingSchemaChanges } from '../src';

jest.setTimeout(30_000);

@Entity({ name: 'widget' })
class Widget {
  @PrimaryColumn('uuid')
  id: string;

  @Column('varchar', { length: 50 })
  name: string;
}

class CreateWidget1700000000001 implements MigrationInterface {
  async up(q: QueryRunner) {
    await q.query(
      `CREATE TABLE "drift"."widget" ("id" uuid NOT NULL, "name" character varying(50) NOT NULL, CONSTRAINT "PK_1b1b1b" PRIMARY KEY ("id"))`,
    );
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE "drift"."widget"`);
  }
}

describe('schema drift check on real Postgres', () => {
  let iso: Isolation;
  beforeEach(async () => {
    iso = await createIsolation('drift');
  });
  afterEach(async () => {
    await iso.cleanup();
  });

  it('reports the SQL an entity needs when no migration creates it', async () => {
    const ds = await openServiceDataSource(
      dataSourceOptions({ url: iso.databaseUrl, schema: 'drift', entities: [Widget], migrations: [] }),
    );
    try {
      const pending = await pendingSchemaChanges(ds);
      expect(pending.join('\n')).toMatch(/CREATE TABLE "drift"."widget"/);
    } finally {
      await ds.destroy();
    }
  });

  it('reports nothing once the migration matches, and records it in the schema', async () => {
    const ds = await openServiceDataSource(
      dataSourceOptions({
        url: iso.databaseUrl,
        schema: 'drift',
        entities: [Widget],
        migrations: [CreateWidget1700000000001],
      }),
    );
    try {
      const pending = await pendingSchemaChanges(ds);
      expect(pending).toEqual([]);
      const [row] = await ds.query(`SELECT name FROM "drift"."migrations"`);
      expect(row.name).toBe('CreateWidget1700000000001');
    } finally {
      await ds.destroy();
    }
  });
});
