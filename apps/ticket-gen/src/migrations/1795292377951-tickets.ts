import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Tickets1795292377951 implements MigrationInterface {
  name = 'Tickets1795292377951';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "ticket_gen"."workflow_control" ("workflow_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "cancelled_at" TIMESTAMP WITH TIME ZONE, "failed_phase" character varying(40), "failed_reason" text, CONSTRAINT "PK_00beb663a5b5c5974ac432c980f" PRIMARY KEY ("workflow_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "ticket_gen"."ticket_request" ("workflow_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "spec_id" uuid NOT NULL, "payload" jsonb NOT NULL, "spec_event_id" uuid NOT NULL, "correlation_id" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_26a5d7a2291b5e3367bdba22c0e" PRIMARY KEY ("workflow_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "ticket_gen"."ticket_set" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "workflow_id" uuid NOT NULL, "spec_id" uuid NOT NULL, "version" integer NOT NULL, "validation" jsonb NOT NULL, "provider" character varying(40) NOT NULL, "model" character varying(100) NOT NULL, "prompt_id" character varying(60) NOT NULL, "prompt_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ticket_set_spec_version_uq" UNIQUE ("spec_id", "version"), CONSTRAINT "PK_403671cb9d7114fbeaa19abd2ea" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ticket_set_tenant_workflow_idx" ON "ticket_gen"."ticket_set"  ("tenant_id", "workflow_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "ticket_gen"."ticket" ("ticket_set_id" uuid NOT NULL, "key" character varying(40) NOT NULL, "tenant_id" uuid NOT NULL, "workflow_id" uuid NOT NULL, "position" integer NOT NULL, "level" character varying(10) NOT NULL, "kind" character varying(20) NOT NULL, "parent_key" character varying(40), "title" text NOT NULL, "description" text NOT NULL, "acceptance_criteria" jsonb NOT NULL, "implementation_steps" jsonb NOT NULL, "files" jsonb NOT NULL, "estimated_effort" character varying(20) NOT NULL, "priority" character varying(2) NOT NULL, "tags" jsonb NOT NULL, "blocked_by" jsonb NOT NULL, "covers" jsonb NOT NULL, "spec_ref" character varying(60) NOT NULL, "status" character varying(20) NOT NULL, "markdown" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1002bc3a47eeec1b81becfc3a87" PRIMARY KEY ("ticket_set_id", "key"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ticket_tenant_workflow_idx" ON "ticket_gen"."ticket"  ("tenant_id", "workflow_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "ticket_gen"."ticket_template" ("tenant_id" uuid NOT NULL, "id" character varying(64) NOT NULL, "kind" character varying(20) NOT NULL, "template" jsonb NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ticket_template_tenant_kind_uq" UNIQUE ("tenant_id", "kind"), CONSTRAINT "PK_54163035c9c49cfa749d40a3f7d" PRIMARY KEY ("tenant_id", "id"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "ticket_gen"."ticket_template"');
    await queryRunner.query('DROP INDEX "ticket_gen"."ticket_tenant_workflow_idx"');
    await queryRunner.query('DROP TABLE "ticket_gen"."ticket"');
    await queryRunner.query('DROP INDEX "ticket_gen"."ticket_set_tenant_workflow_idx"');
    await queryRunner.query('DROP TABLE "ticket_gen"."ticket_set"');
    await queryRunner.query('DROP TABLE "ticket_gen"."ticket_request"');
    await queryRunner.query('DROP TABLE "ticket_gen"."workflow_control"');
  }
}
