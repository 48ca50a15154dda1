import type { Database } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

// The heatmaps, aggregated in PostgreSQL; callers only pivot the rows they get back.
//
// Checklist: accounts (rows) by checklist items (columns), each cell the worst status over the trails the account
// sees in its latest scan (check_status is declared worst-first, so MIN is "worst").

export type CellStatus = "fail" | "error" | "pass" | "not_applicable";

export interface HeatmapFilters {
  ou?: string;
  region?: string;
  status?: CellStatus;
  q?: string;
  sort?: "score" | "name" | "id";
  /** Zero-based page of HEATMAP_PAGE_SIZE accounts. */
  page?: number;
}

/** Accounts per heatmap page: a thousand rows of cells is more than anyone reads, and more HTML than a page should carry. */
export const HEATMAP_PAGE_SIZE = 200;

export interface HeatmapAccount {
  id: string;
  name: string;
  ouPath: string | null;
  score: number | null;
  scannedAt: Date | null;
  scanError: string | null;
  /** The latest scan the row comes from (null: never scanned). */
  scanId: string | null;
  /** check id → worst status; absent: no result (not scanned, or no trail). */
  cells: Record<string, CellStatus>;
}

export interface ChecklistHeatmap {
  accounts: HeatmapAccount[];
  /** Accounts that match the filters (over all pages), and all accounts. */
  matchingAccounts: number;
  totalAccounts: number;
  organizationalUnits: string[];
  regions: string[];
  latestScan: { id: string; status: string; createdAt: Date } | null;
}

interface Row {
  id: string;
  scan_id: string | null;
  name: string;
  ou_path: string | null;
  score: number | null;
  scanned_at: Date | null;
  scan_error: string | null;
  check_id: string | null;
  worst: CellStatus | null;
  matching: number;
}

/** The filters both heatmaps share, on accounts aliased `a`. */
function accountConditions(filters: Pick<HeatmapFilters, "ou" | "q">): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filters.ou) conditions.push(Prisma.sql`a.ou_path = ${filters.ou}`);
  if (filters.q) conditions.push(Prisma.sql`(a.id LIKE ${`%${filters.q}%`} OR a.name ILIKE ${`%${filters.q}%`})`);
  return conditions;
}

export async function queryChecklistHeatmap(database: Database, filters: HeatmapFilters): Promise<ChecklistHeatmap> {
  const conditions = accountConditions(filters);
  // A trail logs events of its home region, or of every region when it is multi-region.
  const regionJoin = filters.region ? Prisma.sql`AND (t.home_region = ${filters.region} OR t.is_multi_region)` : Prisma.empty;
  if (filters.status) {
    // An account matches when one of its cells shows the status: the worst over the same trails the cells use, not
    // any single result (a check passing on one trail and failing on another is a fail cell).
    conditions.push(Prisma.sql`EXISTS (
      SELECT 1 FROM check_results s LEFT JOIN trails t ON t.id = s.trail_id
      WHERE s.scan_id = l.scan_id AND s.account_id = a.id AND (s.trail_id IS NULL OR t.id IS NOT NULL ${regionJoin})
      GROUP BY s.check_id HAVING MIN(s.status) = ${filters.status}::"CheckStatus")`);
  }
  // Unqualified names: the same ORDER BY serves the page's selection and the final rows.
  const order = filters.sort === "score" ? Prisma.sql`score ASC NULLS LAST, name, id` : filters.sort === "id" ? Prisma.sql`id` : Prisma.sql`name, id`;
  const offset = Math.max(0, filters.page ?? 0) * HEATMAP_PAGE_SIZE;

  // The side queries do not depend on the heatmap's rows: all five go to the pool at once.
  const sideQueries = Promise.all([
    database.account.count(),
    database.account.findMany({ where: { ouPath: { not: null } }, distinct: ["ouPath"], select: { ouPath: true }, orderBy: { ouPath: "asc" } }),
    database.trail.findMany({ distinct: ["homeRegion"], select: { homeRegion: true }, orderBy: { homeRegion: "asc" } }),
    database.scanRun.findFirst({ orderBy: { createdAt: "desc" }, select: { id: true, status: true, createdAt: true } }),
  ]);
  const rows = await database.$queryRaw<Row[]>`
    WITH latest AS (
      SELECT DISTINCT ON (sa.account_id) sa.account_id, sa.scan_id, sa.score, sa.error, r.created_at
      FROM scan_accounts sa JOIN scan_runs r ON r.id = sa.scan_id
      ORDER BY sa.account_id, r.created_at DESC
    ),
    selected AS (
      SELECT a.id, a.name, a.ou_path, l.scan_id, l.score, l.created_at AS scanned_at, l.error AS scan_error, count(*) OVER () AS matching
      FROM accounts a LEFT JOIN latest l ON l.account_id = a.id
      WHERE ${Prisma.join(conditions, " AND ")}
      ORDER BY ${order}
      LIMIT ${HEATMAP_PAGE_SIZE} OFFSET ${offset}
    ),
    cells AS (
      SELECT cr.account_id, cr.check_id, MIN(cr.status) AS worst
      FROM check_results cr
      JOIN selected s ON s.id = cr.account_id AND s.scan_id = cr.scan_id
      LEFT JOIN trails t ON t.id = cr.trail_id
      WHERE cr.trail_id IS NULL OR t.id IS NOT NULL ${regionJoin}
      GROUP BY cr.account_id, cr.check_id
    )
    SELECT s.id, s.scan_id::text AS scan_id, s.name, s.ou_path, s.score, s.scanned_at, s.scan_error, s.matching::int AS matching, c.check_id, c.worst::text AS worst
    FROM selected s LEFT JOIN cells c ON c.account_id = s.id
    ORDER BY ${order}`;

  const accounts = new Map<string, HeatmapAccount>();
  for (const row of rows) {
    let account = accounts.get(row.id);
    if (!account) {
      account = { id: row.id, name: row.name, ouPath: row.ou_path, score: row.score, scannedAt: row.scanned_at, scanError: row.scan_error, scanId: row.scan_id, cells: {} };
      accounts.set(row.id, account);
    }
    if (row.check_id && row.worst) account.cells[row.check_id] = row.worst;
  }
  const [totalAccounts, ous, regions, latestScan] = await sideQueries;
  return {
    accounts: [...accounts.values()],
    matchingAccounts: rows[0]?.matching ?? 0,
    totalAccounts,
    organizationalUnits: ous.map((o) => o.ouPath!).filter(Boolean),
    regions: regions.map((r) => r.homeRegion),
    latestScan,
  };
}

/** One stored result of an account's scan, as exceptions judge it (lib/core/exceptions/apply.ts). */
export interface LatestResult {
  accountId: string;
  checkId: string;
  status: CellStatus;
  severity: "critical" | "high" | "medium" | "low" | "informational";
  trailArn: string | null;
  /** Inside the heatmap's region filter (always true without one). */
  inView: boolean;
}

/** Every result of the given (account, scan) pairs: the heatmap's rows' scans, for scores and cells with exceptions. */
export async function queryLatestResults(database: Database, rows: { accountId: string; scanId: string }[], region?: string): Promise<LatestResult[]> {
  if (rows.length === 0) return [];
  const inView = region ? Prisma.sql`(cr.trail_id IS NULL OR t.home_region = ${region} OR t.is_multi_region)` : Prisma.sql`TRUE`;
  return database.$queryRaw<LatestResult[]>`
    SELECT cr.account_id AS "accountId", cr.check_id AS "checkId", cr.status::text AS status, cr.severity::text AS severity,
           t.arn AS "trailArn", ${inView} AS "inView"
    FROM unnest(${rows.map((r) => r.accountId)}::text[], ${rows.map((r) => r.scanId)}::uuid[]) AS p(account_id, scan_id)
    JOIN check_results cr ON cr.account_id = p.account_id AND cr.scan_id = p.scan_id
    LEFT JOIN trails t ON t.id = cr.trail_id
    WHERE cr.trail_id IS NULL OR t.id IS NOT NULL`;
}

// Integrity: accounts (rows) by UTC days (columns) over a window, from the integrity_days rollup.

export type IntegrityCellStatus = "invalid" | "missing" | "gap" | "excepted" | "valid" | "none";

export interface IntegrityCell {
  status: IntegrityCellStatus;
  valid: number;
  invalid: number;
  missing: number;
  gaps: number;
  /** When every problem of the day is covered by an active exception (status "excepted"): their notes. */
  excepted?: string;
}

export interface IntegrityHeatmapRow {
  id: string;
  name: string;
  ouPath: string | null;
  /** "YYYY-MM-DD" → counts; absent: not validated that day. */
  days: Record<string, IntegrityCell>;
}

export function integrityStatus(counts: Omit<IntegrityCell, "status" | "excepted">): IntegrityCellStatus {
  if (counts.invalid > 0) return "invalid";
  if (counts.missing > 0) return "missing";
  if (counts.gaps > 0) return "gap";
  return counts.valid > 0 ? "valid" : "none";
}

interface IntegrityRow {
  id: string;
  name: string;
  ou_path: string | null;
  day: Date | null;
  valid: number | null;
  invalid: number | null;
  missing: number | null;
  gaps: number | null;
}

export async function queryIntegrityHeatmap(
  database: Database,
  window: { from: Date; to: Date },
  filters: Pick<HeatmapFilters, "ou" | "q" | "region" | "page"> = {},
  pageSize = HEATMAP_PAGE_SIZE,
): Promise<{ accounts: IntegrityHeatmapRow[]; matchingAccounts: number }> {
  const conditions = accountConditions(filters);
  const region = filters.region ? Prisma.sql`AND d.region = ${filters.region}` : Prisma.empty;
  const offset = Math.max(0, filters.page ?? 0) * pageSize;
  const rows = await database.$queryRaw<(IntegrityRow & { matching: number })[]>`
    WITH selected AS (
      SELECT a.id, a.name, a.ou_path, count(*) OVER () AS matching
      FROM accounts a WHERE ${Prisma.join(conditions, " AND ")}
      ORDER BY a.name, a.id LIMIT ${pageSize} OFFSET ${offset}
    )
    SELECT s.id, s.name, s.ou_path, s.matching::int AS matching, d.day,
           sum(d.valid_count)::int AS valid,
           sum(d.invalid_count + d.tamper_count)::int AS invalid,
           sum(d.missing_count + d.digest_missing_count)::int AS missing,
           sum(d.gap_count)::int AS gaps
    FROM selected s
    LEFT JOIN integrity_days d ON d.account_id = s.id AND d.day BETWEEN ${window.from}::date AND ${window.to}::date ${region}
    GROUP BY s.id, s.name, s.ou_path, s.matching, d.day
    ORDER BY s.name, s.id, d.day`;
  const accounts = new Map<string, IntegrityHeatmapRow>();
  for (const row of rows) {
    const account = accounts.get(row.id) ?? { id: row.id, name: row.name, ouPath: row.ou_path, days: {} };
    accounts.set(row.id, account);
    if (!row.day) continue;
    const counts = { valid: row.valid ?? 0, invalid: row.invalid ?? 0, missing: row.missing ?? 0, gaps: row.gaps ?? 0 };
    account.days[row.day.toISOString().slice(0, 10)] = { status: integrityStatus(counts), ...counts };
  }
  return { accounts: [...accounts.values()], matchingAccounts: rows[0]?.matching ?? 0 };
}

// One account's day, by region (rows) and UTC hour (columns): the latest verdict on each file of that day.

export interface HourCell {
  status: IntegrityCellStatus;
  valid: number;
  invalid: number;
  missing: number;
}

export async function queryAccountDay(database: Database, accountId: string, day: Date): Promise<{ regions: Record<string, Record<number, HourCell>> }> {
  const rows = await database.$queryRaw<{ region: string; hour: number; status: string; n: number }[]>`
    WITH latest AS (
      SELECT DISTINCT ON (s3_bucket, s3_key) region, file_time, status
      FROM file_verdicts
      WHERE account_id = ${accountId} AND file_time >= ${day} AND file_time < ${day}::timestamp + interval '1 day'
      ORDER BY s3_bucket, s3_key, checked_at DESC
    )
    SELECT region, extract(hour FROM file_time)::int AS hour, status::text AS status, count(*)::int AS n
    FROM latest GROUP BY 1, 2, 3`;
  const regions: Record<string, Record<number, HourCell>> = {};
  for (const row of rows) {
    const hours = (regions[row.region] ??= {});
    const cell = (hours[row.hour] ??= { status: "none", valid: 0, invalid: 0, missing: 0 });
    // An unreadable file shows as missing: neither was verified (the day's page lists it as unreadable).
    if (row.status === "unreadable") cell.missing += row.n;
    else if (row.status === "valid" || row.status === "invalid" || row.status === "missing") cell[row.status] += row.n;
    cell.status = integrityStatus({ ...cell, gaps: 0 });
  }
  return { regions };
}
