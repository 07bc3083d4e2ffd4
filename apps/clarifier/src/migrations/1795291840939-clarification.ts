import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Clarification1795291840939 implements MigrationInterface {
  name = 'Clarification1795291840939';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "clarifier"."workflow_control" ("workflow_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "cancelled_at" TIMESTAMP WITH TIME ZONE, "failed_phase" character varying(40), "failed_reason" text, CONSTRAINT "PK_00beb663a5b5c5974ac432c980f" PRIMARY KEY ("workflow_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "clarifier"."goal_request" ("workflow_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "goal" text NOT NULL, "options" jsonb NOT NULL, "submitted_event_id" uuid NOT NULL, "correlation_id" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fab85aa608cefb67fcdcfe0ed63" PRIMARY KEY ("workflow_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "clarifier"."clarification" ("workflow_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "restated" jsonb NOT NULL, "complexity" character varying(10) NOT NULL, "conflict_risk" jsonb NOT NULL, "questions" jsonb NOT NULL, "answers" jsonb NOT NULL, "assumptions" jsonb NOT NULL, "status" character varying(20) NOT NULL, "provider" character varying(40) NOT NULL, "model" character varying(100) NOT NULL, "prompt_id" character varying(60) NOT NULL, "prompt_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_97b06e655000b5a79a7c575c3cb" PRIMARY KEY ("workflow_id"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "clarifier"."clarification"');
    await queryRunner.query('DROP TABLE "clarifier"."goal_request"');
    await queryRunner.query('DROP TABLE "clarifier"."workflow_control"');
  }
}
