import type { Database } from "@/lib/db/client";
import { recordAudit, type AuditContext } from "@/lib/db/audit-repository";
import { acknowledgeAlert } from "@/lib/db/alerts-repository";

// A person acknowledges an open alert with a comment: the alert stays acknowledged while its problem persists and
// resolves like an open one. The change and its audit record are one transaction.

export class AlertNotOpenError extends Error {
  constructor(readonly alertId: string) {
    super("This alert is not open (already acknowledged or resolved): reload the page to see its state.");
  }
}

export async function acknowledge(database: Database, audit: AuditContext, alertId: string, comment: string): Promise<void> {
  await database.$transaction(async (tx) => {
    const alert = await tx.alert.findUnique({ where: { id: alertId }, select: { kind: true, accountId: true, trailArn: true, s3Uri: true } });
    if (!alert || !(await acknowledgeAlert(tx, alertId, audit.actor.name, comment))) throw new AlertNotOpenError(alertId);
    await recordAudit(tx, audit, { action: "alert.acknowledge", target: alertId, outcome: "succeeded", detail: { comment, ...alert } });
  });
}
