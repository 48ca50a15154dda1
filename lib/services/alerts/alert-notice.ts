import type { AlertState, AlertSubject } from "@/lib/core/alerts/problem";

// What a notification says about one alert. Alerts (lib/services/alerts) are raised from what scans and validations
// find; notifications (lib/services/notifications) deliver them by e-mail and webhook. This type is the whole of what
// passes between the two, so either side can change its tables without the other noticing.

// The state's type lives with the raising rules (lib/core/alerts), which decide it.
export type { AlertState };

export interface AlertNotice extends AlertSubject {
  /** The alert's id (stable across runs: one alert per problem). */
  id: string;
  state: AlertState;
  firstSeen: Date;
  lastSeen: Date;
  /** The alert's page in TrailProof, as a path ("/alerts/<id>"); notifications prefix the public URL. */
  path: string;
}
