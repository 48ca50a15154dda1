import type { AlertState } from "@/lib/core/alerts/problem";
import type { Severity } from "@/lib/core/checks/types";

// What a notification says about one alert. Alerts (lib/services/alerts) are raised from what scans and validations
// find; notifications (lib/services/notifications) deliver them by e-mail and webhook. This type is the whole of what
// passes between the two, so either side can change its tables without the other noticing.

// The state's type lives with the raising rules (lib/core/alerts), which decide it.
export type { AlertState };

export interface AlertNotice {
  /** The alert's id (stable across runs: one alert per problem). */
  id: string;
  /** What kind of problem: "file-invalid", "file-missing", "chain-broken", "digest-overdue", "check-failed", … */
  kind: string;
  severity: Severity;
  state: AlertState;
  /** One line a person reads first (the e-mail's subject after the severity). */
  title: string;
  /** Why: the finding's or check's reason, in words. */
  reason: string;
  accountId: string | null;
  region: string | null;
  trailArn: string | null;
  /** The S3 object concerned, as s3://bucket/key, where there is one. */
  s3Uri: string | null;
  firstSeen: Date;
  lastSeen: Date;
  /** The alert's page in TrailProof, as a path ("/alerts/<id>"); notifications prefix the public URL. */
  path: string;
}
