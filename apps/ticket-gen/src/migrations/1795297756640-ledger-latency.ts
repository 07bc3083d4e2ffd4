import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LedgerLatency1795297756640 implements MigrationInterface {
  name = 'LedgerLatency1795297756640';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "ticket_gen"."token_usage" ADD "latency_ms" integer');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "ticket_gen"."token_usage" DROP COLUMN "latency_ms"');
  }
}
