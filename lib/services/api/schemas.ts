import { z } from "zod";
import { AccountSource, AlertState, RunStatus, Severity } from "@/lib/db/generated/enums";

// The wire format of /api/v1, declared once: the OpenAPI document is generated from these (openapi.ts), and the
// integration test validates every real response against that document. Objects are closed (no extra fields), so a
// field added to a response without its schema fails the test.

const time = z.iso.datetime().describe("an ISO 8601 UTC time");
const accountId = z.string().regex(/^\d{12}$/).describe("a 12-digit AWS account id");
const values = <T extends Record<string, string>>(e: T) => Object.values(e) as [T[keyof T], ...T[keyof T][]];

export const ErrorBody = z.object({ error: z.string().describe("what was wrong, in a sentence a person can act on") });

export const Account = z.object({
  id: accountId,
  name: z.string(),
  email: z.string().nullable(),
  ouPath: z.string().nullable().describe('the organizational unit path, e.g. "Root/Security"'),
  source: z.enum(values(AccountSource)),
  roleName: z.string().describe("the read-only role TrailProof assumes there (the ExternalId is never shown)"),
  regions: z.array(z.string()).describe("regions scanned; empty: every enabled region"),
  isDemo: z.boolean(),
  createdAt: time,
  updatedAt: time,
});

export const Validation = z.object({
  id: z.uuid(),
  trail: z.object({ arn: z.string(), name: z.string() }),
  accountId: accountId.describe("the account whose role read the logs"),
  regions: z.array(z.string()),
  windowStart: time,
  windowEnd: time,
  trigger: z.string(),
  status: z.enum(values(RunStatus)),
  phase: z.string().nullable(),
  full: z.boolean(),
  error: z.string().nullable(),
  digestsTotal: z.int(),
  digestsDone: z.int(),
  logsTotal: z.int(),
  logsDone: z.int(),
  invalidCount: z.int(),
  missingCount: z.int(),
  unreadableCount: z.int(),
  createdAt: time,
  startedAt: time.nullable(),
  finishedAt: time.nullable(),
});

export const Alert = z.object({
  id: z.uuid(),
  key: z.string().describe("what the alert is about, stable across runs"),
  kind: z.string(),
  severity: z.enum(values(Severity)),
  state: z.enum(values(AlertState)),
  title: z.string(),
  reason: z.string(),
  accountId: accountId.nullable(),
  region: z.string().nullable(),
  trailArn: z.string().nullable(),
  s3Uri: z.string().nullable(),
  checkId: z.string().nullable(),
  runKind: z.string(),
  runId: z.uuid(),
  firstSeen: time,
  lastSeen: time,
  timesSeen: z.int(),
  reopenedCount: z.int(),
  resolvedAt: time.nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: time.nullable(),
  ackComment: z.string().nullable(),
});

// The findings are lib/services/export/export-model.ts's ExportFinding, as JSON: the same list, ids and words as the
// OCSF, ASFF and CSV exports.
const Trail = z.object({
  arn: z.string(),
  name: z.string(),
  accountId,
  homeRegion: z.string(),
  isOrganizationTrail: z.boolean(),
  isMultiRegion: z.boolean(),
  s3BucketName: z.string().nullable(),
  s3KeyPrefix: z.string().nullable(),
  kmsKeyId: z.string().nullable(),
  logGroupArn: z.string().nullable(),
  logFileValidation: z.boolean(),
});

const findingBase = {
  id: z.string().describe("stable across exports and API reads of the same problem"),
  accountId,
  region: z.string().nullable(),
  trail: Trail.nullable(),
  severity: z.enum(values(Severity)),
  title: z.string(),
  description: z.string(),
  firstObservedAt: time,
  lastObservedAt: time,
  workflowStatus: z.enum(["new", "suppressed"]),
};

const CheckFinding = z.object({
  ...findingBase,
  type: z.literal("check"),
  checkId: z.string(),
  reason: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  scanId: z.uuid(),
  references: z.object({ cis: z.array(z.string()), securityHub: z.array(z.string()), prowler: z.array(z.string()), docs: z.array(z.string()) }).partial(),
  remediation: z.string(),
});

const FileFinding = z.object({
  ...findingBase,
  type: z.literal("file"),
  kind: z.enum(["digest", "log"]),
  status: z.enum(["invalid", "missing", "unreadable"]),
  s3: z.object({ bucket: z.string(), key: z.string(), uri: z.string() }),
  reason: z.string().nullable(),
  expectedHash: z.string().nullable(),
  actualHash: z.string().nullable(),
  fileTime: time,
  digestUri: z.string().nullable(),
  runId: z.uuid(),
});

const IntegrityFinding = z.object({
  ...findingBase,
  type: z.literal("integrity"),
  kind: z.string(),
  s3Uri: z.string().nullable(),
  message: z.string(),
  fromTime: time.nullable(),
  toTime: time.nullable(),
  runId: z.uuid(),
});

export const Finding = z.discriminatedUnion("type", [CheckFinding, FileFinding, IntegrityFinding]);

function page<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().describe("pass as `cursor` for the next page; null on the last page"),
    next: z.string().nullable().describe("the next page's path and query, or null on the last page"),
  });
}

export const AccountPage = page(Account);
export const ValidationPage = page(Validation);
export const AlertPage = page(Alert);
export const FindingPage = page(Finding).extend({
  window: z.object({ from: time, to: time }),
  notices: z.array(z.string()).describe("what the findings cannot show: an account not scanned in the window, a run still going, …"),
});

/** Every named schema of the document, by its component name. */
export const COMPONENTS = { Error: ErrorBody, Account, Validation, Alert, Trail, Finding, AccountPage, ValidationPage, AlertPage, FindingPage } as const;
