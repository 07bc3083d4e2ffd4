import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CancelRequested1795301420662 implements MigrationInterface {
  name = 'CancelRequested1795301420662';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "gateway"."workflow" ADD "cancel_requested_at" TIMESTAMP WITH TIME ZONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "gateway"."workflow" DROP COLUMN "cancel_requested_at"');
  }
}
