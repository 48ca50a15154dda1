import "server-only";
import { checkById } from "@/lib/core/checks/registry";
import { db } from "@/lib/db/client";
import { queryCheckChanges, queryNewTampering } from "@/lib/db/week-changes-repository";
import { trendRange } from "@/lib/data/trends";

// "What changed this week" on the overview (docs/trends.md): the last 7 UTC days, today included. Each entry links to
// where it is shown in full.

interface Entry {
  /** What it is about, in a few words. */
  title: string;
  /** The account's name (and trail), or what else it concerns. */
  subject: string;
  severity: string;
  at: Date;
  href: string;
}

export type WeekChange =
  | (Entry & { kind: "new-failure" | "fix"; before: string | null })
  | (Entry & { kind: "new-tampering" })
  // Exceptions (issue 16) are being built apart; the lead wires their entries here after the merge (see
  // exceptionChanges below). Typed now so the panel already has their place.
  | (Entry & { kind: "new-exception" | "expired-exception" });

export type WeekChangeKind = WeekChange["kind"];

export interface WeekChanges {
  since: string;
  entries: WeekChange[];
  /** Entries of each kind, including those left out of `entries` (at most WEEK_CHANGES_LIMIT of each). */
  totals: Record<WeekChangeKind, number>;
}

/**
 * Exceptions proposed/approved and expired in the week. Empty until the exceptions model exists (branch
 * h/exceptions): the lead replaces this body with a query of it, returning entries of kinds "new-exception" and
 * "expired-exception".
 */
async function exceptionChanges(sinceDay: string): Promise<(WeekChange & { kind: "new-exception" | "expired-exception" })[]> {
  void sinceDay;
  return [];
}

export async function getWeekChanges(now = new Date()): Promise<WeekChanges> {
  const since = trendRange(7, now).from;
  const database = db();
  const [checks, tampering, exceptions] = await Promise.all([queryCheckChanges(database, since), queryNewTampering(database, since), exceptionChanges(since)]);
  const totals: Record<WeekChangeKind, number> = { "new-failure": 0, fix: 0, "new-tampering": 0, "new-exception": 0, "expired-exception": 0 };
  const entries: WeekChange[] = [];
  for (const row of checks) {
    totals[row.kind] = row.total;
    entries.push({
      kind: row.kind,
      title: checkById(row.checkId)?.title ?? row.checkId,
      subject: row.trailName ? `${row.accountName} · trail ${row.trailName}` : row.accountName,
      severity: row.severity,
      at: row.scannedAt,
      before: row.before,
      href: `/accounts/${row.accountId}#check-${row.checkId}`,
    });
  }
  for (const row of tampering) {
    totals["new-tampering"] = row.total;
    entries.push({ kind: "new-tampering", title: row.title, subject: row.accountName ?? row.accountId ?? "", severity: row.severity, at: row.firstSeen, href: `/alerts/${row.alertId}` });
  }
  for (const entry of exceptions) {
    totals[entry.kind] += 1;
    entries.push(entry);
  }
  return { since, entries, totals };
}
