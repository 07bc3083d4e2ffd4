import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795289381222 implements MigrationInterface {
  name = 'Init1795289381222';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "ticket_gen"."inbox" ("consumer" character varying(200) NOT NULL, "event_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_625a303addbbe1f30d3f65ed7fe" PRIMARY KEY ("consumer", "event_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "ticket_gen"."outbox" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "type" character varying(100) NOT NULL, "envelope" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "outbox_unpublished_idx" ON "ticket_gen"."outbox"  ("created_at") WHERE published_at IS NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ticket_gen"."outbox_unpublished_idx"');
    await queryRunner.query('DROP TABLE "ticket_gen"."outbox"');
    await queryRunner.query('DROP TABLE "ticket_gen"."inbox"');
  }
}
