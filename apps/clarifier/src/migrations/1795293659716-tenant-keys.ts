import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TenantKeys1795293659716 implements MigrationInterface {
  name = 'TenantKeys1795293659716';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "clarifier"."workflow_control" DROP CONSTRAINT "PK_00beb663a5b5c5974ac432c980f"',
    );
    await queryRunner.query(
      'ALTER TABLE "clarifier"."workflow_control" ADD CONSTRAINT "PK_769515a2619c03ba04195a9c133" PRIMARY KEY ("tenant_id", "workflow_id")',
    );
    await queryRunner.query('ALTER TABLE "clarifier"."goal_request" DROP CONSTRAINT "PK_fab85aa608cefb67fcdcfe0ed63"');
    await queryRunner.query(
      'ALTER TABLE "clarifier"."goal_request" ADD CONSTRAINT "PK_21d7b4ca3973d278af1deb6801d" PRIMARY KEY ("tenant_id", "workflow_id")',
    );
    await queryRunner.query('ALTER TABLE "clarifier"."clarification" DROP CONSTRAINT "PK_97b06e655000b5a79a7c575c3cb"');
    await queryRunner.query(
      'ALTER TABLE "clarifier"."clarification" ADD CONSTRAINT "PK_aea64da35e46a9b6aa5f03766aa" PRIMARY KEY ("tenant_id", "workflow_id")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "clarifier"."clarification" DROP CONSTRAINT "PK_aea64da35e46a9b6aa5f03766aa"');
    await queryRunner.query(
      'ALTER TABLE "clarifier"."clarification" ADD CONSTRAINT "PK_97b06e655000b5a79a7c575c3cb" PRIMARY KEY ("workflow_id")',
    );
    await queryRunner.query('ALTER TABLE "clarifier"."goal_request" DROP CONSTRAINT "PK_21d7b4ca3973d278af1deb6801d"');
    await queryRunner.query(
      'ALTER TABLE "clarifier"."goal_request" ADD CONSTRAINT "PK_fab85aa608cefb67fcdcfe0ed63" PRIMARY KEY ("workflow_id")',
    );
    await queryRunner.query(
      'ALTER TABLE "clarifier"."workflow_control" DROP CONSTRAINT "PK_769515a2619c03ba04195a9c133"',
    );
    await queryRunner.query(
      'ALTER TABLE "clarifier"."workflow_control" ADD CONSTRAINT "PK_00beb663a5b5c5974ac432c980f" PRIMARY KEY ("workflow_id")',
    );
  }
}
