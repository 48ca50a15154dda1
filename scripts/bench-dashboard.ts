// The dashboard at scale: 1,000 accounts, their latest scan, and a year of daily validation results (the
// integrity_days rollup, two regions per account), in a scratch database; then the production build (`next start`)
// serves the overview and the integrity heatmap, timed over HTTP (server-side render and transfer on loopback),
// with the SQL alone timed beside it to show where the time goes. Target: under one second server-side.
import { createPrismaClient } from "@/lib/db/client";
import { queryChecklistHeatmap, queryIntegrityHeatmap } from "@/lib/db/heatmaps-repository";
import { provideDatabase } from "@/lib/db/provide";
import { checklistHeatmapWithExceptions } from "@/lib/services/exceptions/checklist-heatmap";
import { freePort } from "@/lib/util/ports";
import { spawnNext, waitForExit } from "@/scripts/lib/child-processes";
import { isBuildStale } from "@/scripts/lib/next-build";

export interface DashboardBenchRow {
  page: string;
  sqlMs: number | null;
  medianMs: number;
  p95Ms: number;
  kib: number;
}

export const DASHBOARD_SCALE = { accounts: 1000, days: 365, regions: 2 };

async function seed(prisma: ReturnType<typeof createPrismaClient>): Promise<void> {
  const { accounts, days } = DASHBOARD_SCALE;
  await prisma.$executeRawUnsafe(`
    INSERT INTO accounts (id, name, ou_path, updated_at)
    SELECT (100000000000 + i)::text, 'account-' || lpad(i::text, 4, '0'),
           (ARRAY['Root/Security','Root/Workloads/Prod','Root/Workloads/Dev','Root/Sandbox','Root/Infrastructure'])[1 + i % 5], now()
    FROM generate_series(1, ${accounts}) AS i`);
  await prisma.$executeRawUnsafe(`
    INSERT INTO trails (id, arn, name, account_id, home_region, is_multi_region, s3_bucket_name)
    SELECT gen_random_uuid(), 'arn:aws:cloudtrail:us-east-1:' || (100000000000 + i) || ':trail/main', 'main', (100000000000 + i)::text,
           (ARRAY['us-east-1','eu-west-1','us-west-2','ap-southeast-2'])[1 + i % 4], i % 3 <> 0, 'bucket-' || i
    FROM generate_series(1, ${accounts}) AS i`);
  const scan = await prisma.scanRun.create({ data: { trigger: "bench", status: "succeeded" } });
  await prisma.$executeRawUnsafe(`
    INSERT INTO scan_accounts (scan_id, account_id, status, score)
    SELECT '${scan.id}'::uuid, id, 'succeeded', 40 + (hashtext(id) & 63) FROM accounts`);
  await prisma.$executeRawUnsafe(`
    INSERT INTO check_results (scan_id, account_id, trail_id, check_id, status, severity, reason)
    SELECT '${scan.id}'::uuid, t.account_id, t.id, c.id,
           (CASE WHEN (hashtext(t.id::text || c.id) & 15) < 2 THEN 'fail' WHEN (hashtext(t.id::text || c.id) & 31) = 3 THEN 'error' ELSE 'pass' END)::"CheckStatus",
           'high', 'bench'
    FROM trails t CROSS JOIN unnest(ARRAY['logging_enabled','multi_region','bucket_not_public','management_events','log_file_validation','kms_cmk',
      'bucket_public_access_block','recent_delivery','log_group_encrypted','bucket_mfa_delete','kms_key_rotation','bucket_access_logging','log_group_retention']) AS c(id)`);
  // A year of daily validations: every account, two regions, every day; now and then a bad day.
  await prisma.$executeRawUnsafe(`
    INSERT INTO integrity_days (account_id, region, day, trail_id, run_id, valid_count, invalid_count, missing_count, gap_count)
    SELECT t.account_id, r.region, d::date, t.id, gen_random_uuid(), 24 + 96,
           CASE WHEN (hashtext(t.id::text || d::text || r.region) & 255) = 0 THEN 1 ELSE 0 END,
           CASE WHEN (hashtext(t.id::text || d::text || r.region) & 255) = 1 THEN 1 ELSE 0 END,
           CASE WHEN (hashtext(t.id::text || d::text || r.region) & 511) = 2 THEN 1 ELSE 0 END
    FROM trails t
    CROSS JOIN unnest(ARRAY['us-east-1','eu-west-1']) AS r(region)
    CROSS JOIN generate_series(current_date - ${days - 1}, current_date, interval '1 day') AS d`);
  await prisma.$executeRawUnsafe("ANALYZE");
}

/**
 * Active exceptions of every check scope, as an organization that uses them has: a whole OU's multi-region check
 * (200 accounts), the KMS check of every workload account (Root/Workloads and the OUs under it: 400), one account's
 * and one trail's check. Seeded after the plain pages are measured, so those stay the no-exception case.
 */
async function seedExceptions(prisma: ReturnType<typeof createPrismaClient>): Promise<void> {
  const approvedAt = new Date(Date.now() - 86_400_000);
  const expiresAt = new Date(Date.now() + 90 * 86_400_000);
  const common = { justification: "bench: accepted on purpose", owner: "bench", createdAt: approvedAt, expiresAt, proposedBy: "bench", proposedByName: "bench", approvedBy: "bench-admin", approvedByName: "Bench Admin", approvedAt };
  await prisma.exception.createMany({
    data: [
      { scope: "organizational_unit", checkId: "multi_region", ouPath: "Root/Sandbox", ...common },
      { scope: "organizational_unit", checkId: "kms_cmk", ouPath: "Root/Workloads", ...common },
      { scope: "account", checkId: "log_file_validation", accountId: "100000000007", ...common },
      { scope: "trail", checkId: "bucket_mfa_delete", trailArn: "arn:aws:cloudtrail:us-east-1:100000000011:trail/main", ...common },
    ],
  });
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export async function benchDashboard(log: (line: string) => void = console.log): Promise<DashboardBenchRow[]> {
  const database = await provideDatabase({ cluster: "bench-pgdata", database: `bench_dashboard_${Date.now()}`, preferredPort: 54359 });
  const prisma = createPrismaClient(database.url);
  const env = { ...process.env, DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1", TRAILPROOF_DEMO: "0" };
  let server: ReturnType<typeof spawnNext> | undefined;
  try {
    const [, seedMs] = await timed(() => seed(prisma));
    log(`dashboard bench: seeded ${DASHBOARD_SCALE.accounts} accounts and ${DASHBOARD_SCALE.accounts * DASHBOARD_SCALE.days * DASHBOARD_SCALE.regions} integrity days in ${(seedMs / 1000).toFixed(1)} s`);
    if (isBuildStale()) {
      log("dashboard bench: building the web app…");
      if ((await waitForExit(spawnNext(["build"], env))) !== 0) throw new Error("next build failed");
    }
    const port = await freePort();
    server = spawnNext(["start", "--port", String(port), "--hostname", "127.0.0.1"], env);
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const up = await fetch(`${base}/api/health`).then((r) => r.ok).catch(() => false);
      if (up) break;
      if (i > 120) throw new Error("next start did not come up");
      await new Promise((r) => setTimeout(r, 500));
    }
    const today = new Date();
    const daysAgo = (n: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - n));
    const pages: { page: string; sql?: () => Promise<unknown> }[] = [
      { page: "/", sql: () => queryChecklistHeatmap(prisma, {}) },
      { page: "/?status=fail&sort=score", sql: () => queryChecklistHeatmap(prisma, { status: "fail", sort: "score" }) },
      { page: "/integrity?days=14", sql: () => queryIntegrityHeatmap(prisma, { from: daysAgo(13), to: daysAgo(0) }) },
      { page: "/integrity?days=90", sql: () => queryIntegrityHeatmap(prisma, { from: daysAgo(89), to: daysAgo(0) }) },
    ];
    // The overview again with exceptions active: its SQL timed through the service that applies them, as the page does.
    const withExceptions: { page: string; sql?: () => Promise<unknown> }[] = [
      { page: "/", sql: () => checklistHeatmapWithExceptions(prisma, {}) },
      { page: "/?status=fail&sort=score", sql: () => checklistHeatmapWithExceptions(prisma, { status: "fail", sort: "score" }) },
      { page: "/?status=excepted&sort=score", sql: () => checklistHeatmapWithExceptions(prisma, { status: "excepted", sort: "score" }) },
    ];
    const rows: DashboardBenchRow[] = [];
    const measure = async ({ page, sql }: { page: string; sql?: () => Promise<unknown> }, label = page) => {
      const sqlTimes: number[] = [];
      if (sql) for (let i = 0; i < 5; i++) sqlTimes.push((await timed(sql))[1]);
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 12; i++) {
        const [body, ms] = await timed(async () => {
          const response = await fetch(base + page);
          if (!response.ok) throw new Error(`${page}: HTTP ${response.status}`);
          const text = await response.text();
          // An error page is fast and small: make sure the heatmap is really there.
          if (!/aria-label="(Checklist|Integrity) heatmap"/.test(text) || text.includes("could not be shown")) throw new Error(`${page}: the heatmap did not render`);
          return text;
        });
        bytes = Buffer.byteLength(body);
        if (i >= 2) times.push(ms); // the first two warm the server up
      }
      times.sort((a, b) => a - b);
      sqlTimes.sort((a, b) => a - b);
      rows.push({ page: label, sqlMs: sqlTimes.length ? percentile(sqlTimes, 0.5) : null, medianMs: percentile(times, 0.5), p95Ms: percentile(times, 0.95), kib: bytes / 1024 });
      log(`dashboard bench: ${label} median ${percentile(times, 0.5).toFixed(0)} ms (SQL ${sqlTimes.length ? percentile(sqlTimes, 0.5).toFixed(0) : "-"} ms), ${(bytes / 1024).toFixed(0)} KiB`);
    };
    for (const page of pages) await measure(page);
    await seedExceptions(prisma);
    for (const page of withExceptions) await measure(page, `${page.page} (4 exceptions active)`);
    return rows;
  } finally {
    if (server) {
      server.kill("SIGTERM");
      await waitForExit(server);
    }
    await prisma.$executeRawUnsafe("SELECT 1").catch(() => undefined);
    await prisma.$disconnect();
    await database.stop();
  }
}

export function dashboardMarkdown(rows: DashboardBenchRow[]): string {
  const { accounts, days, regions } = DASHBOARD_SCALE;
  return [
    `### Dashboard at scale: ${accounts} accounts, ${days} days of daily validation results (${regions} regions each)`,
    "",
    "Served by `next start` (production build) from PostgreSQL; 10 timed requests each after 2 warm-up requests, sequential, on loopback. Target: under 1 s server-side.",
    "",
    "| page | SQL alone (median) | page (median) | page (p95) | HTML size |",
    "|---|---|---|---|---|",
    ...rows.map((r) => `| \`${r.page}\` | ${r.sqlMs === null ? "—" : `${r.sqlMs.toFixed(0)} ms`} | ${r.medianMs.toFixed(0)} ms | ${r.p95Ms.toFixed(0)} ms | ${r.kib.toFixed(0)} KiB |`),
    "",
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchDashboard();
  console.log(dashboardMarkdown(rows));
  process.exit(0);
}
