// The trends at scale (docs/trends.md): 1,000 accounts × 365 days of daily scans (13 check results per account and
// scan: 4.7 million rows) and daily validation results, in a throwaway database; the account_score_days rollup filled
// by the migration's own backfill (timed: it is what an upgrade with a year of history costs); then each trend query
// timed as the pages run it (Prisma, server-side), median and p95 over several runs. Target: under 300 ms each.
// Usage: tsx scripts/bench-trends.ts (alone: appends to BENCHMARKS-trends.md); `npm run bench` runs it too.
import fs from "node:fs";
import pg from "pg";
import { createPrismaClient, type Database } from "@/lib/db/client";
import { provideDatabase } from "@/lib/db/provide";
import { queryIntegrityDays, queryScoreDays } from "@/lib/db/trends-repository";
import { queryCheckChanges, queryNewTampering } from "@/lib/db/week-changes-repository";
import { organizationChangesBackfillSql, scoreDaysBackfillSql } from "@/lib/testing/score-days-backfill";

export const TRENDS_SCALE = { accounts: 1000, days: 365, checks: 13 };
const OUTPUT = "BENCHMARKS-trends.md";
const RUNS = 9;

export interface TrendsBenchRow {
  query: string;
  rows: number;
  medianMs: number;
  p95Ms: number;
}

export interface TrendsBench {
  seedSeconds: number;
  backfillSeconds: number;
  checkResults: number;
  rollupRows: number;
  queries: TrendsBenchRow[];
}

const CHECKS = [
  ["logging_enabled", "critical"], ["multi_region", "critical"], ["bucket_not_public", "critical"], ["management_events", "high"],
  ["log_file_validation", "high"], ["kms_cmk", "high"], ["bucket_public_access_block", "high"], ["recent_delivery", "medium"],
  ["log_group_encrypted", "medium"], ["bucket_mfa_delete", "medium"], ["kms_key_rotation", "medium"], ["bucket_access_logging", "low"], ["log_group_retention", "low"],
] as const;

/** Bulk inserts in SQL (INSERT … SELECT over generate_series: no row crosses the wire one at a time). */
async function seed(client: pg.Client): Promise<void> {
  const { accounts, days } = TRENDS_SCALE;
  const checks = `(VALUES ${CHECKS.map(([id, severity], i) => `('${id}', '${severity}'::"Severity", ${i})`).join(", ")}) AS c(id, severity, n)`;
  await client.query(`
    INSERT INTO accounts (id, name, updated_at)
    SELECT (100000000000 + i)::text, 'account-' || lpad(i::text, 4, '0'), now() FROM generate_series(1, ${accounts}) AS i`);
  await client.query(`
    INSERT INTO trails (id, arn, name, account_id, home_region, is_multi_region, s3_bucket_name)
    SELECT gen_random_uuid(), 'arn:aws:cloudtrail:us-east-1:' || id || ':trail/main', 'main', id, 'us-east-1', true, 'bucket-' || id FROM accounts`);
  // One scan a day at 03:00 UTC, the last one today.
  await client.query(`
    INSERT INTO scan_runs (id, trigger, status, created_at, started_at, finished_at)
    SELECT gen_random_uuid(), 'bench', 'succeeded', d + interval '3 hours', d + interval '3 hours', d + interval '3 hours 5 minutes'
    FROM generate_series(current_date - ${days - 1}, current_date, interval '1 day') AS d`);
  await client.query(`
    INSERT INTO scan_accounts (scan_id, account_id, status, score)
    SELECT r.id, a.id, 'succeeded', NULL FROM scan_runs r CROSS JOIN accounts a`);
  // Bulk load: the check_results indexes are dropped and built again afterwards, as any bulk load does (same table).
  const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'check_results' AND indexname <> 'check_results_pkey'",
  );
  for (const { indexname } of indexes) await client.query(`DROP INDEX "${indexname}"`);
  // A check's status changes every 30 days or so per account (about one in eight failing), so "what changed" has work.
  await client.query(`
    INSERT INTO check_results (scan_id, account_id, trail_id, check_id, status, severity, reason)
    SELECT r.id, t.account_id, t.id, c.id,
           (CASE WHEN (hashtext(t.account_id || c.id || ((r.created_at::date - DATE '2000-01-01' + c.n * 7) / 30)::text) & 7) = 0 THEN 'fail'
                 WHEN (hashtext(t.account_id || c.id) & 63) = 1 THEN 'error' ELSE 'pass' END)::"CheckStatus",
           c.severity, 'bench'
    FROM scan_runs r CROSS JOIN trails t CROSS JOIN ${checks}`);
  for (const { indexdef } of indexes) await client.query(indexdef);
  await client.query(`
    INSERT INTO integrity_days (account_id, region, day, trail_id, run_id, valid_count, invalid_count, missing_count, tamper_count, gap_count)
    SELECT t.account_id, 'us-east-1', d::date, t.id, gen_random_uuid(), 120,
           CASE WHEN (hashtext(t.id::text || d::text) & 255) = 0 THEN 1 ELSE 0 END,
           CASE WHEN (hashtext(t.id::text || d::text) & 255) = 1 THEN 1 ELSE 0 END,
           CASE WHEN (hashtext(t.id::text || d::text) & 511) = 2 THEN 1 ELSE 0 END,
           CASE WHEN (hashtext(t.id::text || d::text) & 511) = 3 THEN 1 ELSE 0 END
    FROM trails t CROSS JOIN generate_series(current_date - ${days - 1}, current_date, interval '1 day') AS d`);
  // Integrity alerts: about one a day somewhere, a year of them.
  await client.query(`
    INSERT INTO alerts (id, key, kind, severity, title, reason, account_id, run_kind, run_id, first_seen, last_seen)
    SELECT gen_random_uuid(), 'file-invalid|bench|' || i, 'file-invalid', 'critical', 'INVALID log file', 'bench', (100000000000 + 1 + i % ${accounts})::text,
           'validation', gen_random_uuid(), now() - i * interval '1 day', now()
    FROM generate_series(0, ${days - 1}) AS i`);
}

/** The migrations' backfills, as an upgrade with a year of stored scans runs them: the rows (before the trigger that
 * keeps the organization's changes exists, so it is off here), then the organization's changes from them. */
async function backfill(client: pg.Client): Promise<void> {
  await client.query("TRUNCATE account_score_days, organization_score_changes");
  await client.query("ALTER TABLE account_score_days DISABLE TRIGGER account_score_days_changed");
  await client.query(scoreDaysBackfillSql());
  await client.query("ALTER TABLE account_score_days ENABLE TRIGGER account_score_days_changed");
  await client.query(organizationChangesBackfillSql());
  await client.query("ANALYZE");
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function measure(label: string, work: () => Promise<unknown[]>, log: (line: string) => void): Promise<TrendsBenchRow> {
  let rows = 0;
  const times: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const started = performance.now();
    rows = (await work()).length;
    if (i > 0) times.push(performance.now() - started); // the first run warms the pool and the cache
  }
  times.sort((a, b) => a - b);
  const row = { query: label, rows, medianMs: percentile(times, 0.5), p95Ms: percentile(times, 0.95) };
  log(`trends bench: ${label}: median ${row.medianMs.toFixed(0)} ms, p95 ${row.p95Ms.toFixed(0)} ms (${rows} rows)`);
  return row;
}

export async function benchTrends(log: (line: string) => void = console.log): Promise<TrendsBench> {
  const database = await provideDatabase({ cluster: "bench-trends-pgdata", database: `bench_trends_${Date.now()}`, preferredPort: 54369 });
  const owner = new pg.Client({ connectionString: database.ownerUrl });
  await owner.connect();
  const prisma: Database = createPrismaClient(database.url);
  try {
    let started = performance.now();
    await seed(owner);
    const seedSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    await backfill(owner);
    const backfillSeconds = (performance.now() - started) / 1000;
    const count = async (table: string) => Number((await owner.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    const [checkResults, rollupRows] = [await count("check_results"), await count("account_score_days")];
    log(`trends bench: seeded ${checkResults} check results in ${seedSeconds.toFixed(0)} s; backfilled ${rollupRows} rollup rows in ${backfillSeconds.toFixed(1)} s`);

    const to = new Date().toISOString().slice(0, 10);
    const range = (days: number) => ({ from: new Date(Date.parse(to) - (days - 1) * 86_400_000).toISOString().slice(0, 10), to });
    const weekStart = range(7).from;
    const account = "100000000500";
    const queries = [
      await measure("organization score and failing checks, 30 days", () => queryScoreDays(prisma, range(30)), log),
      await measure("organization score and failing checks, 90 days", () => queryScoreDays(prisma, range(90)), log),
      await measure("organization score and failing checks, 365 days", () => queryScoreDays(prisma, range(365)), log),
      await measure("account score and failing checks, 365 days", () => queryScoreDays(prisma, range(365), account), log),
      await measure("organization integrity problems, 365 days", () => queryIntegrityDays(prisma, range(365)), log),
      await measure("account integrity problems, 365 days", () => queryIntegrityDays(prisma, range(365), account), log),
      await measure("what changed this week: checks", () => queryCheckChanges(prisma, weekStart), log),
      await measure("what changed this week: new tampering", () => queryNewTampering(prisma, weekStart), log),
      await measure("the overview's trend data together (365 days, concurrent as the page runs them)", async () => {
        const all = await Promise.all([queryScoreDays(prisma, range(365)), queryIntegrityDays(prisma, range(365)), queryCheckChanges(prisma, weekStart), queryNewTampering(prisma, weekStart)]);
        return all.flat();
      }, log),
    ];
    return { seedSeconds, backfillSeconds, checkResults, rollupRows, queries };
  } finally {
    await prisma.$disconnect();
    await owner.end();
    // Throwaway: the year of rows is gone with the database.
    const admin = new pg.Client({ connectionString: Object.assign(new URL(database.ownerUrl), { pathname: "/postgres" }).toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${new URL(database.ownerUrl).pathname.slice(1)}" WITH (FORCE)`).finally(() => admin.end());
    await database.stop();
  }
}

export function trendsMarkdown(bench: TrendsBench): string {
  const { accounts, days, checks } = TRENDS_SCALE;
  return [
    `### Trends at scale: ${accounts} accounts × ${days} days of daily scans (${checks} checks each: ${bench.checkResults.toLocaleString("en-US")} check results)`,
    "",
    `Seeded in ${bench.seedSeconds.toFixed(0)} s; the migration's backfill of the daily rollup (${bench.rollupRows.toLocaleString("en-US")} rows) took ${bench.backfillSeconds.toFixed(1)} s. Each query run ${RUNS} times after one warm-up, through Prisma as the pages run it. Target: under 300 ms each.`,
    "",
    "| query | rows | median | p95 |",
    "|---|---|---|---|",
    ...bench.queries.map((q) => `| ${q.query} | ${q.rows} | ${q.medianMs.toFixed(0)} ms | ${q.p95Ms.toFixed(0)} ms |`),
    "",
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bench = await benchTrends();
  const markdown = `Run ${new Date().toISOString()}, Node ${process.version}.\n\n${trendsMarkdown(bench)}`;
  fs.appendFileSync(OUTPUT, `${fs.existsSync(OUTPUT) ? "\n" : "# Trends benchmark\n\nWritten by `npx tsx scripts/bench-trends.ts` (and `npm run bench`).\n\n"}${markdown}`);
  console.log(markdown);
  process.exit(0);
}
