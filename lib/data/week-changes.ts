import "server-only";
import { checkById } from "@/lib/core/checks/registry";
import { db } from "@/lib/db/client";
import { queryCheckChanges, queryNewTampering } from "@/lib/db/week-changes-repository";
import { trendRange } from "@/lib/data/trends";
import { describeTarget, targetOf } from "@/lib/core/exceptions/exception";
import { exceptionsChangedBetween, type ExceptionRow } from "@/lib/db/exceptions-repository";

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
  | (Entry & { kind: "new-exception" | "expired-exception" });

export type WeekChangeKind = WeekChange["kind"];

export interface WeekChanges {
  since: string;
  entries: WeekChange[];
  /** Entries of each kind, including those left out of `entries` (at most WEEK_CHANGES_LIMIT of each). */
  totals: Record<WeekChangeKind, number>;
}

/** Exceptions approved and exceptions expired in the week, each linking to the Exceptions page. */
async function exceptionChanges(sinceDay: string, now: Date): Promise<(WeekChange & { kind: "new-exception" | "expired-exception" })[]> {
  const { approved, expired } = await exceptionsChangedBetween(db(), new Date(`${sinceDay}T00:00:00Z`), now);
  const entry = (kind: "new-exception" | "expired-exception", e: ExceptionRow, at: Date) => ({
    kind,
    title: describeTarget(targetOf(e)),
    subject: `approved by ${e.approvedByName ?? "?"} · owner ${e.owner}`,
    // An exception accepts a risk: it weighs as the check it covers, else (one integrity finding) as tampering.
    severity: e.checkId ? (checkById(e.checkId)?.severity ?? "medium") : "high",
    at,
    href: `/exceptions#exception-${e.id}`,
  });
  return [...approved.map((e) => entry("new-exception", e, e.approvedAt!)), ...expired.map((e) => entry("expired-exception", e, e.expiresAt))];
}

export async function getWeekChanges(now = new Date()): Promise<WeekChanges> {
  const since = trendRange(7, now).from;
  const database = db();
  const [checks, tampering, exceptions] = await Promise.all([queryCheckChanges(database, since), queryNewTampering(database, since), exceptionChanges(since, now)]);
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
