import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TenantKeys1795293662169 implements MigrationInterface {
  name = 'TenantKeys1795293662169';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "handoff"."workflow_control" DROP CONSTRAINT "PK_00beb663a5b5c5974ac432c980f"',
    );
    await queryRunner.query(
      'ALTER TABLE "handoff"."workflow_control" ADD CONSTRAINT "PK_769515a2619c03ba04195a9c133" PRIMARY KEY ("tenant_id", "workflow_id")',
    );
    await queryRunner.query('ALTER TABLE "handoff"."plan_spec" DROP CONSTRAINT "PK_9df1585b5807fb3cad11e2de7c5"');
    await queryRunner.query(
      'ALTER TABLE "handoff"."plan_spec" ADD CONSTRAINT "PK_0e3f94a87e55273074e1d6a528a" PRIMARY KEY ("tenant_id", "workflow_id")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "handoff"."plan_spec" DROP CONSTRAINT "PK_0e3f94a87e55273074e1d6a528a"');
    await queryRunner.query(
      'ALTER TABLE "handoff"."plan_spec" ADD CONSTRAINT "PK_9df1585b5807fb3cad11e2de7c5" PRIMARY KEY ("workflow_id")',
    );
    await queryRunner.query(
      'ALTER TABLE "handoff"."workflow_control" DROP CONSTRAINT "PK_769515a2619c03ba04195a9c133"',
    );
    await queryRunner.query(
      'ALTER TABLE "handoff"."workflow_control" ADD CONSTRAINT "PK_00beb663a5b5c5974ac432c980f" PRIMARY KEY ("workflow_id")',
    );
  }
}
