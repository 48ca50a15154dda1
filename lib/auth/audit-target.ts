// What an audit record's target may look like, checked when it is written. Evidence reports pick the records whose
// comma-separated target parts name their scope (lib/db/evidence-repository.ts, auditWhere), so a target is data
// that decides which reports show a record: one made of whatever a caller typed (a download URL, a form field) could
// otherwise name an account it has nothing to do with and appear in that account's report. Each action has the
// shapes its own code writes; anything else is kept out of the target (as an excerpt in the detail).

const ACCOUNT_ID = /^\d{12}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// CloudTrail trail names: letters, digits, periods, underscores and dashes, 3 to 128 of them (no comma).
const TRAIL_ARN = /^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[A-Za-z0-9._-]{3,128}$/;
const ORGANIZATION = /^organization$/;

type Part = RegExp;

/** Per action: the shapes of one part, and whether several comma-separated parts are allowed. */
const TARGETS: Record<string, { parts: Part[]; list: boolean }> = {
  // "Validate now" names the trail ids and account ids asked for; each run's own record names its trail's ARN.
  "validation.request": { parts: [UUID, ACCOUNT_ID, TRAIL_ARN], list: true },
  "scan.request": { parts: [ORGANIZATION], list: false },
  "settings.account": { parts: [ACCOUNT_ID], list: false },
  // Notification channels are named by their id (lib/services/notifications/channels.ts).
  "settings.notification": { parts: [UUID], list: false },
  // The organization's schedule, or one account's or trail's override of it.
  "settings.schedule": { parts: [ORGANIZATION, ACCOUNT_ID, TRAIL_ARN], list: false },
  "evidence.export": { parts: [ORGANIZATION, ACCOUNT_ID, TRAIL_ARN], list: false },
  "evidence.export.request": { parts: [ORGANIZATION, ACCOUNT_ID, TRAIL_ARN], list: false },
  "evidence.download": { parts: [UUID], list: false },
  // The alert's id; the detail says what it was about (kind, account, trail) and the comment.
  "alert.acknowledge": { parts: [UUID], list: false },
  // A personal API token's id; the detail names its prefix, label and role (never the secret).
  "api-token.create": { parts: [UUID], list: false },
  "api-token.revoke": { parts: [UUID], list: false },
  // Exceptions are named by their id; the detail says what each covers (docs/exceptions.md). "exception.expire" is
  // written by TrailProof itself when an approved exception reaches its expiry.
  "exception.propose": { parts: [UUID], list: false },
  "exception.approve": { parts: [UUID], list: false },
  "exception.reject": { parts: [UUID], list: false },
  "exception.revoke": { parts: [UUID], list: false },
  "exception.expire": { parts: [UUID], list: false },
};

/** The longest target written: 500 trail ids and 1,000 account ids, the most one "Validate now" accepts. */
export const MAX_TARGET_LENGTH = 500 * 37 + 1000 * 13;

/** True when `target` is what `action` writes; actions not listed (sign-in, sign-out) have no target. */
export function isWellFormedTarget(action: string, target: string): boolean {
  const shape = TARGETS[action];
  if (!shape || target.length === 0 || target.length > MAX_TARGET_LENGTH) return false;
  const parts = shape.list ? target.split(",") : [target];
  return parts.every((part) => shape.parts.some((pattern) => pattern.test(part)));
}
