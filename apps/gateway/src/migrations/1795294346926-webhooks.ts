import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Webhooks1795294346926 implements MigrationInterface {
  name = 'Webhooks1795294346926';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "gateway"."webhook_subscription" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "url" character varying(2048) NOT NULL, "events" text array NOT NULL, "enabled" boolean NOT NULL, "disabled_reason" character varying(200), "secret" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b52cb4811c5ada4f42896c37ba8" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "webhook_subscription_tenant_created_idx" ON "gateway"."webhook_subscription"  ("tenant_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "gateway"."webhook_delivery" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "subscription_id" uuid NOT NULL, "event_id" uuid NOT NULL, "event_type" character varying(100) NOT NULL, "workflow_id" uuid NOT NULL, "status" character varying(20) NOT NULL, "attempts" jsonb NOT NULL, "run" integer NOT NULL, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b1ae290239a778f12399db91354" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "webhook_delivery_pending_idx" ON "gateway"."webhook_delivery"  ("next_attempt_at") WHERE status = \'pending\'',
    );
    await queryRunner.query(
      'CREATE INDEX "webhook_delivery_log_idx" ON "gateway"."webhook_delivery"  ("subscription_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "webhook_delivery_subscription_event_uq" ON "gateway"."webhook_delivery"  ("subscription_id", "event_id") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "gateway"."webhook_delivery_subscription_event_uq"');
    await queryRunner.query('DROP INDEX "gateway"."webhook_delivery_log_idx"');
    await queryRunner.query('DROP INDEX "gateway"."webhook_delivery_pending_idx"');
    await queryRunner.query('DROP TABLE "gateway"."webhook_delivery"');
    await queryRunner.query('DROP INDEX "gateway"."webhook_subscription_tenant_created_idx"');
    await queryRunner.query('DROP TABLE "gateway"."webhook_subscription"');
  }
}
