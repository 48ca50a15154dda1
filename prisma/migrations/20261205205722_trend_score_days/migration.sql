-- CreateTable
CREATE TABLE "account_score_days" (
    "account_id" VARCHAR(12) NOT NULL,
    "day" DATE NOT NULL,
    "scan_id" UUID NOT NULL,
    "scanned_at" TIMESTAMP(3) NOT NULL,
    "earned_weight" INTEGER NOT NULL,
    "possible_weight" INTEGER NOT NULL,
    "pass_count" INTEGER NOT NULL,
    "fail_count" INTEGER NOT NULL,
    "error_count" INTEGER NOT NULL,
    "not_applicable_count" INTEGER NOT NULL,
    "fail_critical" INTEGER NOT NULL,
    "fail_high" INTEGER NOT NULL,
    "fail_medium" INTEGER NOT NULL,
    "fail_low" INTEGER NOT NULL,
    "fail_informational" INTEGER NOT NULL,

    CONSTRAINT "account_score_days_pkey" PRIMARY KEY ("account_id","day")
);

-- CreateIndex
CREATE INDEX "account_score_days_day_idx" ON "account_score_days"("day");

-- AddForeignKey
ALTER TABLE "account_score_days" ADD CONSTRAINT "account_score_days_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill from the scans stored before this table existed: per account and UTC day, the day's last scan of the
-- account (as lib/db/score-days-repository.ts writes it for every scan from now on). The weights are scoring.ts's
-- SEVERITY_WEIGHTS, written out here as they were when this migration was made.
INSERT INTO "account_score_days" ("account_id", "day", "scan_id", "scanned_at", "earned_weight", "possible_weight",
  "pass_count", "fail_count", "error_count", "not_applicable_count", "fail_critical", "fail_high", "fail_medium", "fail_low", "fail_informational")
SELECT DISTINCT ON (sa."account_id", r."created_at"::date)
       sa."account_id", r."created_at"::date, r."id", r."created_at",
       COALESCE(s."earned", 0), COALESCE(s."possible", 0), COALESCE(s."pass", 0), COALESCE(s."fail", 0), COALESCE(s."error", 0),
       COALESCE(s."na", 0), COALESCE(s."critical", 0), COALESCE(s."high", 0), COALESCE(s."medium", 0), COALESCE(s."low", 0), COALESCE(s."informational", 0)
FROM "scan_accounts" sa
JOIN "scan_runs" r ON r."id" = sa."scan_id"
LEFT JOIN LATERAL (
  SELECT SUM(w) FILTER (WHERE "status" = 'pass') AS "earned", SUM(w) FILTER (WHERE "status" IN ('pass', 'fail')) AS "possible",
         count(*) FILTER (WHERE "status" = 'pass') AS "pass", count(*) FILTER (WHERE "status" = 'fail') AS "fail",
         count(*) FILTER (WHERE "status" = 'error') AS "error", count(*) FILTER (WHERE "status" = 'not_applicable') AS "na",
         count(*) FILTER (WHERE "status" = 'fail' AND "severity" = 'critical') AS "critical",
         count(*) FILTER (WHERE "status" = 'fail' AND "severity" = 'high') AS "high",
         count(*) FILTER (WHERE "status" = 'fail' AND "severity" = 'medium') AS "medium",
         count(*) FILTER (WHERE "status" = 'fail' AND "severity" = 'low') AS "low",
         count(*) FILTER (WHERE "status" = 'fail' AND "severity" = 'informational') AS "informational"
  FROM (SELECT "status", "severity",
               CASE "severity" WHEN 'critical' THEN 10 WHEN 'high' THEN 5 WHEN 'medium' THEN 3 WHEN 'low' THEN 1 ELSE 0 END AS w
        FROM "check_results" cr WHERE cr."scan_id" = sa."scan_id" AND cr."account_id" = sa."account_id") weighted
) s ON TRUE
ORDER BY sa."account_id", r."created_at"::date, r."created_at" DESC;
