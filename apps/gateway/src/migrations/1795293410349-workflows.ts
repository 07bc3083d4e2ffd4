import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Workflows1795293410349 implements MigrationInterface {
  name = 'Workflows1795293410349';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "gateway"."tenant" ("id" uuid NOT NULL, "name" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_da8c6efd67bb301e810e56ac139" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "gateway"."api_key" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "prefix" character varying(32) NOT NULL, "hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "api_key_prefix_uq" ON "gateway"."api_key"  ("prefix") ');
    await queryRunner.query(
      'CREATE TABLE "gateway"."workflow" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "status" character varying(20) NOT NULL, "phase" character varying(20) NOT NULL, "progress" integer NOT NULL, "goal" text NOT NULL, "options" jsonb NOT NULL, "questions" jsonb NOT NULL, "complexity" character varying(10), "spec_id" uuid, "ticket_set_id" uuid, "handoff_id" uuid, "execution_id" uuid, "execution_status" character varying(20), "validation" jsonb, "errors" jsonb NOT NULL, "idempotency_key" character varying(200), "correlation_id" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_eb5e4cc1a9ef2e94805b676751b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "workflow_idempotency_uq" ON "gateway"."workflow"  ("tenant_id", "idempotency_key") WHERE idempotency_key IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "workflow_tenant_created_idx" ON "gateway"."workflow"  ("tenant_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "gateway"."workflow_event" ("seq" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "workflow_id" uuid NOT NULL, "type" character varying(100) NOT NULL, "envelope" jsonb NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1f29b238c4d590ad78d3c60d767" PRIMARY KEY ("seq"))',
    );
    await queryRunner.query(
      'CREATE INDEX "workflow_event_workflow_seq_idx" ON "gateway"."workflow_event"  ("workflow_id", "seq") ',
    );
    await queryRunner.query(
      'CREATE INDEX "workflow_event_tenant_seq_idx" ON "gateway"."workflow_event"  ("tenant_id", "seq") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "workflow_event_event_uq" ON "gateway"."workflow_event"  ("event_id") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "gateway"."workflow_event_event_uq"');
    await queryRunner.query('DROP INDEX "gateway"."workflow_event_tenant_seq_idx"');
    await queryRunner.query('DROP INDEX "gateway"."workflow_event_workflow_seq_idx"');
    await queryRunner.query('DROP TABLE "gateway"."workflow_event"');
    await queryRunner.query('DROP INDEX "gateway"."workflow_tenant_created_idx"');
    await queryRunner.query('DROP INDEX "gateway"."workflow_idempotency_uq"');
    await queryRunner.query('DROP TABLE "gateway"."workflow"');
    await queryRunner.query('DROP INDEX "gateway"."api_key_prefix_uq"');
    await queryRunner.query('DROP TABLE "gateway"."api_key"');
    await queryRunner.query('DROP TABLE "gateway"."tenant"');
  }
}
