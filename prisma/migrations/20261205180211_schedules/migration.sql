-- CreateTable
CREATE TABLE "schedules" (
    "id" TEXT NOT NULL DEFAULT 'organization',
    "scan_every_minutes" INTEGER NOT NULL DEFAULT 1440,
    "validate_every_minutes" INTEGER NOT NULL DEFAULT 60,
    "window_hours" INTEGER NOT NULL DEFAULT 25,
    "export_monthly" BOOLEAN NOT NULL DEFAULT false,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "schedules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedule_overrides" (
    "id" UUID NOT NULL,
    "account_id" VARCHAR(12),
    "trail_id" UUID,
    "validate_every_minutes" INTEGER,
    "window_hours" INTEGER,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "schedule_overrides_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedule_slots" (
    "kind" VARCHAR(16) NOT NULL,
    "target" VARCHAR(64) NOT NULL,
    "slot" TIMESTAMP(3) NOT NULL,
    "run_id" VARCHAR(64),
    "claimed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schedule_slots_pkey" PRIMARY KEY ("kind","target","slot")
);

-- CreateIndex
CREATE UNIQUE INDEX "schedule_overrides_account_id_key" ON "schedule_overrides"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "schedule_overrides_trail_id_key" ON "schedule_overrides"("trail_id");

-- AddForeignKey
ALTER TABLE "schedule_overrides" ADD CONSTRAINT "schedule_overrides_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedule_overrides" ADD CONSTRAINT "schedule_overrides_trail_id_fkey" FOREIGN KEY ("trail_id") REFERENCES "trails"("id") ON DELETE CASCADE ON UPDATE CASCADE;
