import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Spec1795292266845 implements MigrationInterface {
  name = 'Spec1795292266845';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "spec_gen"."workflow_control" ("workflow_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "cancelled_at" TIMESTAMP WITH TIME ZONE, "failed_phase" character varying(40), "failed_reason" text, CONSTRAINT "PK_00beb663a5b5c5974ac432c980f" PRIMARY KEY ("workflow_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "spec_gen"."spec_request" ("workflow_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "payload" jsonb NOT NULL, "clarified_event_id" uuid NOT NULL, "correlation_id" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_984d306dca1c2106e88ce0b826d" PRIMARY KEY ("workflow_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "spec_gen"."spec" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "workflow_id" uuid NOT NULL, "version" integer NOT NULL, "content" jsonb NOT NULL, "markdown" text NOT NULL, "provider" character varying(40) NOT NULL, "model" character varying(100) NOT NULL, "prompt_id" character varying(60) NOT NULL, "prompt_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "spec_workflow_version_uq" UNIQUE ("workflow_id", "version"), CONSTRAINT "PK_750ab65a0e1b51a805499dbfc13" PRIMARY KEY ("id"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "spec_gen"."spec"');
    await queryRunner.query('DROP TABLE "spec_gen"."spec_request"');
    await queryRunner.query('DROP TABLE "spec_gen"."workflow_control"');
  }
}
