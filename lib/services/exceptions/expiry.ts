import type { Database } from "@/lib/db/client";
import { recordAudit, type AuditContext } from "@/lib/db/audit-repository";
import { alertsById } from "@/lib/db/alerts-repository";
import { claimExpiry, unrecordedExpiries, type ExceptionRow } from "@/lib/db/exceptions-repository";
import { checkById } from "@/lib/core/checks/registry";
import type { Severity } from "@/lib/core/checks/types";
import { describeTarget, targetOf } from "@/lib/core/exceptions/exception";
import type { AlertNotice } from "@/lib/services/alerts/alert-notice";
import { toNotice } from "@/lib/services/alerts/notices";

// An exception stops applying at its expiry by itself: every read compares expiresAt with the clock. What this adds is
// the record of that moment: one audit entry and one alert per expired exception, written by whichever worker tick
// (or scan) comes first after it. claimExpiry makes it once, however many workers look; a tick that missed the moment
// (no worker running then) records it at the next one, dated at the expiry itself.

/** TrailProof itself, recording an expiry: no person acted. */
export const EXPIRY_AUDIT: AuditContext = { actor: { id: "system:exceptions", name: "TrailProof exceptions", roles: [], mode: "system" }, source: { ip: null, userAgent: null } };

/** An expired exception's alert is about the results it covered: the check's severity, or high for an integrity finding. */
function severityOf(row: ExceptionRow): Severity {
  return row.checkId ? (checkById(row.checkId)?.severity ?? "medium") : "high";
}

export async function recordExpiredExceptions(database: Database, now = new Date()): Promise<AlertNotice[]> {
  const due = await unrecordedExpiries(database, now);
  const opened: string[] = [];
  for (const row of due) {
    const covers = describeTarget(targetOf(row));
    const alertId = await database.$transaction(async (tx) => {
      if (!(await claimExpiry(tx, row.id, now))) return null;
      await recordAudit(tx, EXPIRY_AUDIT, { action: "exception.expire", target: row.id, outcome: "succeeded", detail: { covers, expiredAt: row.expiresAt.toISOString(), approvedBy: row.approvedByName } });
      const alert = await tx.alert.create({
        data: {
          key: `exception-expired|${row.id}`,
          kind: "exception-expired",
          severity: severityOf(row),
          title: `Exception expired: ${covers}`,
          reason: `Approved by ${row.approvedByName ?? "?"} until ${row.expiresAt.toISOString()} (${row.justification}); what it covered counts again.`,
          accountId: row.accountId,
          trailArn: row.trailArn,
          checkId: row.checkId,
          objectTime: row.expiresAt,
          runKind: "exception", // no run can see it again: it is resolved by acknowledging it
          runId: row.id,
          firstSeen: row.expiresAt,
          // When it became known: an expiry recorded late (no worker ran then) must still reach API clients that
          // poll alerts by `since` (last seen).
          lastSeen: now,
        },
        select: { id: true },
      });
      return alert.id;
    });
    if (alertId) opened.push(alertId);
  }
  return opened.length > 0 ? (await alertsById(database, opened)).map(toNotice) : [];
}
