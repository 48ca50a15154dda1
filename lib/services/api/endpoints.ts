import type { z } from "zod";
import type { Database } from "@/lib/db/client";
import type { Permission } from "@/lib/auth/roles";
import { decodeCursor, pageOf, type CursorKey } from "@/lib/core/api/cursor";
import { accountsPage, alertsPage, validationsPage } from "@/lib/db/api-repository";
import { EvidenceError } from "@/lib/services/evidence/evidence-error";
import { loadExportFindings } from "@/lib/services/export/load-findings";
import { AccountPage, AlertPage, FindingPage, ValidationPage } from "@/lib/services/api/schemas";
import { QueryError, type ListQuery, type ParameterName } from "@/lib/services/api/query";

// The lists of /api/v1, one entry each: its parameters, its response schema (for the OpenAPI document) and how it
// reads one page. Every one is a read: the API has no write path at all.

/** A request the caller must change (a bad cursor, an unknown account): answered with `status` and the message. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 422,
  ) {
    super(message);
  }
}

export interface ListPage {
  data: unknown[];
  nextCursor: string | null;
  [extra: string]: unknown;
}

export interface Endpoint {
  name: string;
  summary: string;
  description: string;
  permission: Permission;
  parameters: readonly ParameterName[];
  response: z.ZodType;
  responseName: string;
  /** Error answers beyond those of every list (400, 401, 403, 405), by status: what causes them. */
  errors?: Record<string, string>;
  read(database: Database, query: ListQuery, now: Date): Promise<ListPage>;
}

const DAY_MS = 86_400_000;
/** The findings' window when `since` is not given: the export command's default too. */
export const DEFAULT_FINDINGS_DAYS = 30;

/** A "newest first" key: (time, id). */
function timeKey(endpoint: string, cursor: string | undefined): { at: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = decodeCursor(endpoint, cursor, 2) as [string, string];
  const time = new Date(at);
  if (Number.isNaN(time.getTime())) throw new QueryError("cursor: not a cursor this API gave out (copy `next` from the previous page).");
  return { at: time, id };
}

const accounts: Endpoint = {
  name: "accounts",
  summary: "The accounts TrailProof audits",
  description: "By account id.",
  permission: "view",
  parameters: ["limit", "cursor", "account"],
  response: AccountPage,
  responseName: "AccountPage",
  async read(database, query) {
    const after = query.cursor ? decodeCursor("accounts", query.cursor, 1)[0] : undefined;
    const rows = await accountsPage(database, { after, ids: query.account, take: query.limit + 1 });
    return pageOf(rows, query.limit, (r): CursorKey => [r.id], "accounts");
  },
};

const validations: Endpoint = {
  name: "validations",
  summary: "Integrity validation runs",
  description: "Newest first (by creation time, then id). `since` keeps the runs created at or after it.",
  permission: "view",
  parameters: ["limit", "cursor", "account", "trail", "since"],
  response: ValidationPage,
  responseName: "ValidationPage",
  async read(database, query) {
    const rows = await validationsPage(database, {
      after: timeKey("validations", query.cursor),
      accountIds: query.account,
      trailArn: query.trail,
      since: query.since,
      take: query.limit + 1,
    });
    return pageOf(rows, query.limit, (r) => [r.createdAt.toISOString(), r.id], "validations");
  },
};

const alerts: Endpoint = {
  name: "alerts",
  summary: "Alerts raised by scans and validations",
  description: "Newest first by first sighting, then id (a fixed order: an alert's last sighting and state change). `since` keeps the alerts last seen at or after it.",
  permission: "view",
  parameters: ["limit", "cursor", "account", "state", "since"],
  response: AlertPage,
  responseName: "AlertPage",
  async read(database, query) {
    const rows = await alertsPage(database, {
      after: timeKey("alerts", query.cursor),
      accountIds: query.account,
      state: query.state,
      since: query.since,
      take: query.limit + 1,
    });
    return pageOf(rows, query.limit, (r) => [r.firstSeen.toISOString(), r.id], "alerts");
  },
};

const findings: Endpoint = {
  name: "findings",
  summary: "Failing checks and integrity findings",
  description:
    `The findings \`npx trailproof export\` writes, with the same stable ids: every failing check of each account's latest scan in the window, every INVALID, missing or unreadable file and every open integrity finding. The window runs from \`since\` (default ${DEFAULT_FINDINGS_DAYS} days ago) to now. Ordered by finding id.`,
  permission: "view",
  parameters: ["limit", "cursor", "account", "trail", "since"],
  response: FindingPage,
  responseName: "FindingPage",
  errors: {
    "404": "An account or trail the filters name is unknown to TrailProof",
    "422": "A trail has more INVALID, missing or unreadable files in the window than one answer holds: a later `since`, or one trail",
  },
  async read(database, query, now) {
    const after = query.cursor ? decodeCursor("findings", query.cursor, 1)[0] : undefined;
    const window = { from: query.since ?? new Date(now.getTime() - DEFAULT_FINDINGS_DAYS * DAY_MS), to: now };
    if (window.from.getTime() >= now.getTime()) throw new QueryError("since: must be in the past.");
    let loaded;
    try {
      loaded = await loadExportFindings(database, { accountIds: query.account, trailArn: query.trail, window });
    } catch (error) {
      if (!(error instanceof EvidenceError)) throw error;
      // No account known yet is an empty list, not an error: a fresh install answers like any other.
      if (error.code === "empty-scope") loaded = { findings: [], notices: [error.message] };
      else throw new ApiRequestError(error.message, error.code === "unknown-scope" ? 404 : error.code === "too-large" ? 422 : 400);
    }
    // The export's list is computed whole; the page is the part after the cursor in id order (ids are unique).
    const sorted = loaded.findings.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).filter((f) => after === undefined || f.id > after);
    return { ...pageOf(sorted.slice(0, query.limit + 1), query.limit, (f) => [f.id], "findings"), window, notices: loaded.notices };
  },
};

export const ENDPOINTS: readonly Endpoint[] = [accounts, findings, validations, alerts];

export function endpointNamed(name: string): Endpoint {
  const endpoint = ENDPOINTS.find((e) => e.name === name);
  if (!endpoint) throw new Error(`no API endpoint ${name}`);
  return endpoint;
}
