import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TokenLedger1795291175971 implements MigrationInterface {
  name = 'TokenLedger1795291175971';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "ticket_gen"."token_usage" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "tenant_id" uuid NOT NULL, "workflow_id" uuid NOT NULL, "purpose" character varying(40) NOT NULL, "provider" character varying(40) NOT NULL, "model" character varying(100) NOT NULL, "prompt_tokens" integer NOT NULL, "completion_tokens" integer NOT NULL, "job_id" character varying(200) NOT NULL, "attempt" integer NOT NULL, "outcome" character varying(20) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b85b17103d77d9695632654729d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "token_usage_tenant_workflow_idx" ON "ticket_gen"."token_usage"  ("tenant_id", "workflow_id") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ticket_gen"."token_usage_tenant_workflow_idx"');
    await queryRunner.query('DROP TABLE "ticket_gen"."token_usage"');
  }
}
