import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TenantKeys1795293660537 implements MigrationInterface {
  name = 'TenantKeys1795293660537';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "spec_gen"."spec" DROP CONSTRAINT "spec_workflow_version_uq"');
    await queryRunner.query(
      'ALTER TABLE "spec_gen"."workflow_control" DROP CONSTRAINT "PK_00beb663a5b5c5974ac432c980f"',
    );
    await queryRunner.query(
      'ALTER TABLE "spec_gen"."workflow_control" ADD CONSTRAINT "PK_769515a2619c03ba04195a9c133" PRIMARY KEY ("tenant_id", "workflow_id")',
    );
    await queryRunner.query('ALTER TABLE "spec_gen"."spec_request" DROP CONSTRAINT "PK_984d306dca1c2106e88ce0b826d"');
    await queryRunner.query(
      'ALTER TABLE "spec_gen"."spec_request" ADD CONSTRAINT "PK_4b90be07d119e495cd31c945629" PRIMARY KEY ("tenant_id", "workflow_id")',
    );
    await queryRunner.query(
      'ALTER TABLE "spec_gen"."spec" ADD CONSTRAINT "spec_tenant_workflow_version_uq" UNIQUE ("tenant_id", "workflow_id", "version")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "spec_gen"."spec" DROP CONSTRAINT "spec_tenant_workflow_version_uq"');
    await queryRunner.query('ALTER TABLE "spec_gen"."spec_request" DROP CONSTRAINT "PK_4b90be07d119e495cd31c945629"');
    await queryRunner.query(
      'ALTER TABLE "spec_gen"."spec_request" ADD CONSTRAINT "PK_984d306dca1c2106e88ce0b826d" PRIMARY KEY ("workflow_id")',
    );
    await queryRunner.query(
      'ALTER TABLE "spec_gen"."workflow_control" DROP CONSTRAINT "PK_769515a2619c03ba04195a9c133"',
    );
    await queryRunner.query(
      'ALTER TABLE "spec_gen"."workflow_control" ADD CONSTRAINT "PK_00beb663a5b5c5974ac432c980f" PRIMARY KEY ("workflow_id")',
    );
    await queryRunner.query(
      'ALTER TABLE "spec_gen"."spec" ADD CONSTRAINT "spec_workflow_version_uq" UNIQUE ("workflow_id", "version")',
    );
  }
}
