-- CreateTable
CREATE TABLE "organization_score_changes" (
    "day" DATE NOT NULL,
    "accounts" INTEGER NOT NULL DEFAULT 0,
    "scanned" INTEGER NOT NULL DEFAULT 0,
    "earned_weight" INTEGER NOT NULL DEFAULT 0,
    "possible_weight" INTEGER NOT NULL DEFAULT 0,
    "fail_critical" INTEGER NOT NULL DEFAULT 0,
    "fail_high" INTEGER NOT NULL DEFAULT 0,
    "fail_medium" INTEGER NOT NULL DEFAULT 0,
    "fail_low" INTEGER NOT NULL DEFAULT 0,
    "fail_informational" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "organization_score_changes_pkey" PRIMARY KEY ("day")
);

-- Adds (sign 1) or takes away (sign -1) one account_score_days row's part in the organization's changes: its change
-- against the account's previous row counts on its day and, as the next row's change is measured against it instead
-- of that previous row, the opposite on the next row's day. Called by a BEFORE row trigger, so it sees the rows an
-- earlier row of the same statement added or removed (an AFTER trigger would see the statement's end for every row,
-- and a many-row insert or a cascade delete would count neighbours twice); the row itself is left out by its day, and
-- an update never changes the key. Writers do not use INSERT … ON CONFLICT on the table: its BEFORE INSERT trigger
-- would fire for a row that then is not inserted.
CREATE FUNCTION "apply_account_score_day"(r "account_score_days", sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  p "account_score_days";
  next_day date;
BEGIN
  SELECT * INTO p FROM "account_score_days" WHERE "account_id" = r."account_id" AND "day" < r."day" ORDER BY "day" DESC LIMIT 1;
  SELECT "day" INTO next_day FROM "account_score_days" WHERE "account_id" = r."account_id" AND "day" > r."day" ORDER BY "day" LIMIT 1;
  INSERT INTO "organization_score_changes" AS c ("day", "accounts", "scanned", "earned_weight", "possible_weight",
    "fail_critical", "fail_high", "fail_medium", "fail_low", "fail_informational")
  SELECT d."day", m * sign * (CASE WHEN p."account_id" IS NULL THEN 1 ELSE 0 END), d."scanned",
         m * sign * (r."earned_weight" - COALESCE(p."earned_weight", 0)), m * sign * (r."possible_weight" - COALESCE(p."possible_weight", 0)),
         m * sign * (r."fail_critical" - COALESCE(p."fail_critical", 0)), m * sign * (r."fail_high" - COALESCE(p."fail_high", 0)),
         m * sign * (r."fail_medium" - COALESCE(p."fail_medium", 0)), m * sign * (r."fail_low" - COALESCE(p."fail_low", 0)),
         m * sign * (r."fail_informational" - COALESCE(p."fail_informational", 0))
  FROM (VALUES (r."day", 1, sign), (next_day, -1, 0)) AS d("day", m, "scanned")
  WHERE d."day" IS NOT NULL
  ON CONFLICT ("day") DO UPDATE SET
    "accounts" = c."accounts" + EXCLUDED."accounts", "scanned" = c."scanned" + EXCLUDED."scanned",
    "earned_weight" = c."earned_weight" + EXCLUDED."earned_weight", "possible_weight" = c."possible_weight" + EXCLUDED."possible_weight",
    "fail_critical" = c."fail_critical" + EXCLUDED."fail_critical", "fail_high" = c."fail_high" + EXCLUDED."fail_high",
    "fail_medium" = c."fail_medium" + EXCLUDED."fail_medium", "fail_low" = c."fail_low" + EXCLUDED."fail_low",
    "fail_informational" = c."fail_informational" + EXCLUDED."fail_informational";
END $$;

CREATE FUNCTION "account_score_days_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One account's rows at a time: two scans storing the same account at once would read each other's neighbours.
  PERFORM pg_advisory_xact_lock(hashtext('account_score_days:' || COALESCE(NEW."account_id", OLD."account_id")));
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM "apply_account_score_day"(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM "apply_account_score_day"(NEW, 1); END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;

-- Backfill from the rows already there, then keep it from now on.
INSERT INTO "organization_score_changes" ("day", "accounts", "scanned", "earned_weight", "possible_weight",
  "fail_critical", "fail_high", "fail_medium", "fail_low", "fail_informational")
SELECT "day", SUM("first"), count(*), SUM("earned_weight"), SUM("possible_weight"), SUM("fail_critical"), SUM("fail_high"),
       SUM("fail_medium"), SUM("fail_low"), SUM("fail_informational")
FROM (
  SELECT "day", CASE WHEN LAG("day") OVER w IS NULL THEN 1 ELSE 0 END AS "first",
         "earned_weight" - COALESCE(LAG("earned_weight") OVER w, 0) AS "earned_weight",
         "possible_weight" - COALESCE(LAG("possible_weight") OVER w, 0) AS "possible_weight",
         "fail_critical" - COALESCE(LAG("fail_critical") OVER w, 0) AS "fail_critical",
         "fail_high" - COALESCE(LAG("fail_high") OVER w, 0) AS "fail_high",
         "fail_medium" - COALESCE(LAG("fail_medium") OVER w, 0) AS "fail_medium",
         "fail_low" - COALESCE(LAG("fail_low") OVER w, 0) AS "fail_low",
         "fail_informational" - COALESCE(LAG("fail_informational") OVER w, 0) AS "fail_informational"
  FROM "account_score_days"
  WINDOW w AS (PARTITION BY "account_id" ORDER BY "day")
) changes
GROUP BY "day";

CREATE TRIGGER "account_score_days_changed" BEFORE INSERT OR UPDATE OR DELETE ON "account_score_days"
  FOR EACH ROW EXECUTE FUNCTION "account_score_days_changed"();
