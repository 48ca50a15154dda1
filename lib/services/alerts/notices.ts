import type { AlertNotice } from "@/lib/services/alerts/alert-notice";
import type { AlertRow } from "@/lib/db/alerts-repository";

/** The notification contract's view of a stored alert. */
export function toNotice(alert: AlertRow): AlertNotice {
  return {
    id: alert.id,
    kind: alert.kind,
    severity: alert.severity,
    state: alert.state,
    title: alert.title,
    reason: alert.reason,
    accountId: alert.accountId,
    region: alert.region,
    trailArn: alert.trailArn,
    s3Uri: alert.s3Uri,
    firstSeen: alert.firstSeen,
    lastSeen: alert.lastSeen,
    path: `/alerts/${alert.id}`,
  };
}
