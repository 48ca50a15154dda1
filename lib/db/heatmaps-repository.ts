import type { Database } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { SEVERITY_WEIGHTS } from "@/lib/core/checks/scoring";
import type { ExceptionFacts } from "@/lib/core/exceptions/exception";

// The heatmaps, aggregated in PostgreSQL; callers only pivot the rows they get back.
//
// Checklist: accounts (rows) by checklist items (columns), each cell the worst status over the trails the account
// sees in its latest scan (check_status is declared worst-first, so MIN is "worst"), or "excepted" when active
// exceptions cover every failing result in it. Cells, the status filter and the score sort are computed by the same
// statement, so the filter and the sort always agree with what the cells and scores show.

/** What a checklist cell shows: the worst stored status, or "excepted" (docs/exceptions.md). */
export type CellStatus = "fail" | "excepted" | "error" | "pass" | "not_applicable";

/** What an active check exception covers: the fields coverage.ts reads (scope account, trail or organizational_unit). */
export type CheckCoverage = Pick<ExceptionFacts, "scope" | "checkId" | "accountId" | "trailArn" | "ouPath">;

export interface HeatmapFilters {
  ou?: string;
  region?: string;
  /** Accounts with at least one cell showing this status ("fail": an uncovered failure; "excepted": all covered). */
  status?: CellStatus;
  q?: string;
  /** "score": the score with exceptions, worst first. */
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
  /** The score without exceptions, as the scan stored it. */
  score: number | null;
  /** The score with exceptions (scoring.ts): `score` itself when no exception covers any of the account's results. */
  scoreWithExceptions: number | null;
  scannedAt: Date | null;
  scanError: string | null;
  /** The latest scan the row comes from (null: never scanned). */
  scanId: string | null;
  /** check id → what the cell shows; absent: no result (not scanned, or no trail). */
  cells: Record<string, CellStatus>;
  /** check id → index, in the exceptions passed, of the first one covering a failure of the cell; excepted cells only. */
  exceptedBy: Record<string, number>;
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
  score_with: number | null;
  scanned_at: Date | null;
  scan_error: string | null;
  check_id: string | null;
  worst: CellStatus | null;
  /** 1-based ordinal of the covering exception (excepted cells only). */
  cover: number | null;
  matching: number;
}

/** The filters both heatmaps share, on accounts aliased `a`. */
function accountConditions(filters: Pick<HeatmapFilters, "ou" | "q">): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filters.ou) conditions.push(Prisma.sql`a.ou_path = ${filters.ou}`);
  if (filters.q) conditions.push(Prisma.sql`(a.id LIKE ${`%${filters.q}%`} OR a.name ILIKE ${`%${filters.q}%`})`);
  return conditions;
}

/**
 * Does exception `e` (a row of exceptionRows) cover the check result `cr` of account `a`, on trail `t` (null: a result
 * with no trail)? The SQL statement of lib/core/exceptions/coverage.ts `covers` and `isUnder`, kept here only:
 * the check matches, and the account, the trail's ARN, or the account's OU path (the unit itself or below it, by whole
 * path segments, never by prefix: "Root/Sandbox" does not hold "Root/Sandboxes"; an empty path is in no unit).
 * lib/services/exceptions/checklist-heatmap.int.test.ts proves the two agree. starts_with, not LIKE: an OU name may hold "_" or "%".
 */
const COVERS = Prisma.sql`(e.check_id = cr.check_id AND CASE e.scope
  WHEN 'account' THEN e.account_id = cr.account_id
  WHEN 'trail' THEN e.trail_arn = t.arn
  WHEN 'organizational_unit' THEN a.ou_path <> '' AND (a.ou_path = rtrim(e.ou_path, '/') OR starts_with(a.ou_path, rtrim(e.ou_path, '/') || '/'))
  ELSE FALSE END)`;

/** The exceptions as a relation `e`; `ord` (1-based) keeps their order, so the lowest is coveringException's "first". */
function exceptionRows(exceptions: readonly CheckCoverage[]): Prisma.Sql {
  const column = (pick: (e: CheckCoverage) => string | null) => exceptions.map(pick);
  return Prisma.sql`unnest(${column((e) => e.scope)}::text[], ${column((e) => e.checkId)}::text[], ${column((e) => e.accountId)}::text[],
    ${column((e) => e.trailArn)}::text[], ${column((e) => e.ouPath)}::text[]) WITH ORDINALITY AS e(scope, check_id, account_id, trail_arn, ou_path, ord)`;
}

/**
 * The checklist heatmap for the filters, with `exceptions` (the active check exceptions: the caller decides which are
 * active) applied to cells, the status filter and the score sort, exactly as lib/core/exceptions/apply.ts applies them:
 * a cell is excepted when its worst status is fail and every failing result in it (within the region filter) is
 * covered; the score with exceptions takes covered fails out of both sums (over all the account's results, whatever
 * the region filter). Without exceptions the statement is the one without them: no result is judged before the page.
 */
export async function queryChecklistHeatmap(database: Database, filters: HeatmapFilters, exceptions: readonly CheckCoverage[] = []): Promise<ChecklistHeatmap> {
  const base = accountConditions(filters);
  const conditions = [...base];
  const judging = exceptions.length > 0;
  // A trail logs events of its home region, or of every region when it is multi-region.
  const inRegion = filters.region ? Prisma.sql`(t.home_region = ${filters.region} OR t.is_multi_region)` : Prisma.sql`TRUE`;
  const regionJoin = filters.region ? Prisma.sql`AND ${inRegion}` : Prisma.empty;
  if (filters.status && judging) {
    conditions.push(Prisma.sql`${filters.status} = ANY (l.shown)`);
  } else if (filters.status === "excepted") {
    conditions.push(Prisma.sql`FALSE`); // no exception is active: no cell shows excepted
  } else if (filters.status) {
    // An account matches when one of its cells shows the status: the worst over the same trails the cells use, not
    // any single result (a check passing on one trail and failing on another is a fail cell).
    conditions.push(Prisma.sql`EXISTS (
      SELECT 1 FROM check_results s LEFT JOIN trails t ON t.id = s.trail_id
      WHERE s.scan_id = l.scan_id AND s.account_id = a.id AND (s.trail_id IS NULL OR t.id IS NOT NULL ${regionJoin})
      GROUP BY s.check_id HAVING MIN(s.status) = ${filters.status}::"CheckStatus")`);
  }
  // Unqualified names: the same ORDER BY serves the page's selection and the final rows.
  const order = filters.sort === "score" ? Prisma.sql`score_with ASC NULLS LAST, name, id` : filters.sort === "id" ? Prisma.sql`id` : Prisma.sql`name, id`;
  const offset = Math.max(0, filters.page ?? 0) * HEATMAP_PAGE_SIZE;

  // With exceptions, every result of the matching accounts' latest scans is judged before the page is cut (the filter
  // and the sort need it), down to one row per account (`ja`): its cells as three aligned arrays (check ids, what each
  // shows, the covering exception), and the score's sums with exceptions. `cover` is the first exception covering a fail. Each
  // step is used once, so PostgreSQL plans the chain as one query (a CTE used twice is materialized and joined blind).
  const judged = judging
    ? Prisma.sql`
    judged AS (
      SELECT l.account_id, l.scan_id, l.score, l.error, l.created_at, cr.check_id, cr.status,
             (${JSON.stringify(SEVERITY_WEIGHTS)}::jsonb ->> cr.severity::text)::int AS weight, (cr.trail_id IS NULL OR ${inRegion}) AS in_view, covering.cover
      FROM accounts a JOIN latest l ON l.account_id = a.id
      -- Left: a scan with no result (it failed) still gives the account its row.
      LEFT JOIN check_results cr ON cr.scan_id = l.scan_id AND cr.account_id = a.id
      LEFT JOIN trails t ON t.id = cr.trail_id
      -- Lateral, so each result is judged once however many aggregates read its cover.
      CROSS JOIN LATERAL (SELECT min(e.ord) AS cover FROM ${exceptionRows(exceptions)} WHERE cr.status = 'fail' AND ${COVERS}) covering
      WHERE (cr.trail_id IS NULL OR t.id IS NOT NULL) AND ${Prisma.join(base, " AND ")}
    ),
    judged_checks AS (
      -- A cell: over the results in view; excepted when its worst is fail and every fail in view is covered.
      SELECT account_id, scan_id, score, error, created_at, check_id, min(cover) FILTER (WHERE in_view) AS cover,
             CASE WHEN min(status) FILTER (WHERE in_view) = 'fail' AND bool_and(cover IS NOT NULL) FILTER (WHERE in_view AND status = 'fail')
                  THEN 'excepted' ELSE (min(status) FILTER (WHERE in_view))::text END AS shown,
             -- The score: over every result, whatever the region.
             bool_or(cover IS NOT NULL) AS covered,
             COALESCE(sum(weight) FILTER (WHERE status = 'pass'), 0) AS earned,
             COALESCE(sum(weight) FILTER (WHERE status = 'pass' OR (status = 'fail' AND cover IS NULL)), 0) AS possible
      FROM judged GROUP BY account_id, scan_id, score, error, created_at, check_id
    ),
    ja AS (
      SELECT account_id, scan_id, score, error, created_at, bool_or(covered) AS covered, sum(earned) AS earned, sum(possible) AS possible,
             array_agg(check_id) FILTER (WHERE shown IS NOT NULL) AS checks,
             array_agg(shown) FILTER (WHERE shown IS NOT NULL) AS shown,
             array_agg(cover) FILTER (WHERE shown IS NOT NULL) AS covers
      FROM judged_checks GROUP BY account_id, scan_id, score, error, created_at
    ),`
    : Prisma.empty;
  // scoreFromWeights (scoring.ts): null when nothing weighted is left. float8 before dividing, as JavaScript divides.
  const scoreWith = judging
    ? Prisma.sql`CASE WHEN l.covered THEN CASE WHEN l.possible = 0 THEN NULL ELSE (100 * l.earned)::float8 / l.possible END ELSE l.score END`
    : Prisma.sql`l.score`;
  // Judged, `l` is the account's judged row (it carries the latest scan's columns): joining `latest` again would leave
  // the planner guessing how many accounts the filter keeps, and it guesses few (a nested loop over every account).
  const latestJoin = judging ? Prisma.sql`LEFT JOIN ja l ON l.account_id = a.id` : Prisma.sql`LEFT JOIN latest l ON l.account_id = a.id`;
  const judgedCells = judging ? Prisma.sql`, l.checks, l.shown, l.covers` : Prisma.empty;
  // The page's cells: judged, from each account's arrays; else the worst stored status, for the page's accounts only.
  const cells = judging
    ? Prisma.sql`LEFT JOIN LATERAL unnest(s.checks, s.shown, s.covers::int[]) AS c(check_id, worst, cover) ON TRUE`
    : Prisma.sql`LEFT JOIN (
      SELECT cr.account_id, cr.check_id, MIN(cr.status)::text AS worst, NULL::int AS cover
      FROM check_results cr
      JOIN selected s ON s.id = cr.account_id AND s.scan_id = cr.scan_id
      LEFT JOIN trails t ON t.id = cr.trail_id
      WHERE cr.trail_id IS NULL OR t.id IS NOT NULL ${regionJoin}
      GROUP BY cr.account_id, cr.check_id
    ) c ON c.account_id = s.id`;

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
    ${judged}
    selected AS (
      SELECT a.id, a.name, a.ou_path, l.scan_id, l.score, ${scoreWith} AS score_with, l.created_at AS scanned_at, l.error AS scan_error,
             count(*) OVER () AS matching ${judgedCells}
      FROM accounts a ${latestJoin}
      WHERE ${Prisma.join(conditions, " AND ")}
      ORDER BY ${order}
      LIMIT ${HEATMAP_PAGE_SIZE} OFFSET ${offset}
    )
    SELECT s.id, s.scan_id::text AS scan_id, s.name, s.ou_path, s.score, s.score_with, s.scanned_at, s.scan_error, s.matching::int AS matching,
           c.check_id, c.worst, c.cover
    FROM selected s ${cells}
    ORDER BY ${order}`;

  const accounts = new Map<string, HeatmapAccount>();
  for (const row of rows) {
    let account = accounts.get(row.id);
    if (!account) {
      account = {
        id: row.id, name: row.name, ouPath: row.ou_path, score: row.score, scoreWithExceptions: row.score_with, scannedAt: row.scanned_at,
        scanError: row.scan_error, scanId: row.scan_id, cells: {}, exceptedBy: {},
      };
      accounts.set(row.id, account);
    }
    if (!row.check_id || !row.worst) continue;
    account.cells[row.check_id] = row.worst;
    if (row.worst === "excepted" && row.cover !== null) account.exceptedBy[row.check_id] = row.cover - 1;
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
