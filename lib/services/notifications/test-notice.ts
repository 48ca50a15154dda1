import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/client";
import { recordAudit, type AuditContext } from "@/lib/db/audit-repository";
import type { AlertNotice } from "@/lib/services/alerts/alert-notice";
import { AUDIT_ACTION } from "@/lib/services/notifications/channels";
import { deliverToChannel, type DeliveryDependencies, type DeliveryResult } from "@/lib/services/notifications/deliver";

// "Send test": one example alert through the same formatting, signing, sending and recording as real alerts
// (deliverToChannel), sent at once rather than queued, so the person who clicked sees the server's or receiver's
// answer instead of "queued". One attempt, no retries: a test that fails should say so now.

export function testNotice(now: Date): AlertNotice {
  return {
    id: `test-${randomUUID()}`,
    kind: "test",
    severity: "informational",
    state: "open",
    title: "Test notification",
    reason: "Sent from TrailProof's notification settings to check this channel; no alert was raised.",
    accountId: null,
    region: null,
    trailArn: null,
    s3Uri: null,
    firstSeen: now,
    lastSeen: now,
    path: "/settings",
  };
}

/** Sends the test and records it (the delivery row, and who asked in the audit trail). */
export async function sendTestNotice(database: Database, audit: AuditContext, channelId: string, dependencies: Partial<DeliveryDependencies> = {}): Promise<DeliveryResult> {
  const result = await deliverToChannel(database, { channelId, notices: [testNotice(new Date())], test: true, jobId: null, attempt: 1, lastAttempt: true }, dependencies);
  if (result.status !== "skipped") {
    const detail = { change: "test sent", status: result.status, ...(result.httpStatus !== null ? { httpStatus: result.httpStatus } : {}) };
    await recordAudit(database, audit, { action: AUDIT_ACTION, target: channelId, outcome: result.status === "delivered" ? "succeeded" : "failed", detail });
  }
  return result;
}
