-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('email', 'webhook');

-- CreateEnum
CREATE TYPE "WebhookFormat" AS ENUM ('generic', 'slack');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('failed', 'retrying', 'delivered');

-- CreateTable
CREATE TABLE "notification_channels" (
    "id" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "smtp_url" TEXT,
    "smtp_password" TEXT,
    "email_from" TEXT,
    "email_to" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "webhook_url" TEXT,
    "format" "WebhookFormat",
    "secret" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "notification_channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "channel_id" UUID NOT NULL,
    "job_id" UUID,
    "alert_ids" TEXT[],
    "test" BOOLEAN NOT NULL DEFAULT false,
    "attempt" INTEGER NOT NULL,
    "status" "DeliveryStatus" NOT NULL,
    "http_status" INTEGER,
    "smtp_response" TEXT,
    "error" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "notification_deliveries_channel_id_at_idx" ON "notification_deliveries"("channel_id", "at" DESC);

-- CreateIndex
CREATE INDEX "notification_deliveries_job_id_idx" ON "notification_deliveries"("job_id");

-- AddForeignKey
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "notification_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;
