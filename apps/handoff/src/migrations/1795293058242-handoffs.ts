import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Handoffs1795293058242 implements MigrationInterface {
  name = 'Handoffs1795293058242';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "handoff"."workflow_control" ("workflow_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "cancelled_at" TIMESTAMP WITH TIME ZONE, "failed_phase" character varying(40), "failed_reason" text, CONSTRAINT "PK_00beb663a5b5c5974ac432c980f" PRIMARY KEY ("workflow_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "handoff"."handoff_template" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "agent_type" character varying(20) NOT NULL, "name" character varying(200) NOT NULL, "source" text NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2d08e40e27c980985643e6864de" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "handoff_template_agent_uq" ON "handoff"."handoff_template"  ("tenant_id", "agent_type") WHERE deleted_at IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "handoff"."handoff_template_version" ("template_id" uuid NOT NULL, "version" integer NOT NULL, "tenant_id" uuid NOT NULL, "source" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_67fcaa281930ba30111dfcc1199" PRIMARY KEY ("template_id", "version"))',
    );
    await queryRunner.query(
      'CREATE TABLE "handoff"."handoff" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "workflow_id" uuid NOT NULL, "trigger_key" character varying(200) NOT NULL, "agent_type" character varying(20) NOT NULL, "template_id" character varying(100) NOT NULL, "template_version" integer NOT NULL, "ticket_set_id" uuid NOT NULL, "content" text NOT NULL, "metadata" jsonb NOT NULL, "warnings" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_036052d138cc8c887e20ce4e1dd" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "handoff_trigger_uq" ON "handoff"."handoff"  ("tenant_id", "trigger_key") ',
    );
    await queryRunner.query(
      'CREATE TABLE "handoff"."execution" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "workflow_id" uuid NOT NULL, "handoff_id" uuid NOT NULL, "epic_key" character varying(40) NOT NULL, "status" character varying(20) NOT NULL, "result" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_cc6684fedf29ec4c86db8448a2b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "execution_workflow_idx" ON "handoff"."execution"  ("tenant_id", "workflow_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "handoff"."plan_spec" ("workflow_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "spec" jsonb NOT NULL, "markdown" text NOT NULL, "options" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9df1585b5807fb3cad11e2de7c5" PRIMARY KEY ("workflow_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "handoff"."plan_tickets" ("ticket_set_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "workflow_id" uuid NOT NULL, "version" integer NOT NULL, "ticket_set" jsonb NOT NULL, "ticket_markdown" jsonb NOT NULL, "validation" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f2e34ca6018da8ad862a0580d2f" PRIMARY KEY ("ticket_set_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "plan_tickets_workflow_idx" ON "handoff"."plan_tickets"  ("tenant_id", "workflow_id", "version") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "handoff"."plan_tickets_workflow_idx"');
    await queryRunner.query('DROP TABLE "handoff"."plan_tickets"');
    await queryRunner.query('DROP TABLE "handoff"."plan_spec"');
    await queryRunner.query('DROP INDEX "handoff"."execution_workflow_idx"');
    await queryRunner.query('DROP TABLE "handoff"."execution"');
    await queryRunner.query('DROP INDEX "handoff"."handoff_trigger_uq"');
    await queryRunner.query('DROP TABLE "handoff"."handoff"');
    await queryRunner.query('DROP TABLE "handoff"."handoff_template_version"');
    await queryRunner.query('DROP INDEX "handoff"."handoff_template_agent_uq"');
    await queryRunner.query('DROP TABLE "handoff"."handoff_template"');
    await queryRunner.query('DROP TABLE "handoff"."workflow_control"');
  }
}
