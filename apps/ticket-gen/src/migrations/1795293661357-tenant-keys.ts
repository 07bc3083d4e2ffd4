import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TenantKeys1795293661357 implements MigrationInterface {
  name = 'TenantKeys1795293661357';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "ticket_gen"."ticket_set" DROP CONSTRAINT "ticket_set_spec_version_uq"');
    await queryRunner.query(
      'ALTER TABLE "ticket_gen"."workflow_control" DROP CONSTRAINT "PK_00beb663a5b5c5974ac432c980f"',
    );
    await queryRunner.query(
      'ALTER TABLE "ticket_gen"."workflow_control" ADD CONSTRAINT "PK_769515a2619c03ba04195a9c133" PRIMARY KEY ("tenant_id", "workflow_id")',
    );
    await queryRunner.query(
      'ALTER TABLE "ticket_gen"."ticket_request" DROP CONSTRAINT "PK_26a5d7a2291b5e3367bdba22c0e"',
    );
    await queryRunner.query(
      'ALTER TABLE "ticket_gen"."ticket_request" ADD CONSTRAINT "PK_6d123b049df785ed9891275a1d1" PRIMARY KEY ("tenant_id", "workflow_id")',
    );
    await queryRunner.query(
      'ALTER TABLE "ticket_gen"."ticket_set" ADD CONSTRAINT "ticket_set_tenant_spec_version_uq" UNIQUE ("tenant_id", "spec_id", "version")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "ticket_gen"."ticket_set" DROP CONSTRAINT "ticket_set_tenant_spec_version_uq"',
    );
    await queryRunner.query(
      'ALTER TABLE "ticket_gen"."ticket_request" DROP CONSTRAINT "PK_6d123b049df785ed9891275a1d1"',
    );
    await queryRunner.query(
      'ALTER TABLE "ticket_gen"."ticket_request" ADD CONSTRAINT "PK_26a5d7a2291b5e3367bdba22c0e" PRIMARY KEY ("workflow_id")',
    );
    await queryRunner.query(
      'ALTER TABLE "ticket_gen"."workflow_control" DROP CONSTRAINT "PK_769515a2619c03ba04195a9c133"',
    );
    await queryRunner.query(
      'ALTER TABLE "ticket_gen"."workflow_control" ADD CONSTRAINT "PK_00beb663a5b5c5974ac432c980f" PRIMARY KEY ("workflow_id")',
    );
    await queryRunner.query(
      'ALTER TABLE "ticket_gen"."ticket_set" ADD CONSTRAINT "ticket_set_spec_version_uq" UNIQUE ("spec_id", "version")',
    );
  }
}
