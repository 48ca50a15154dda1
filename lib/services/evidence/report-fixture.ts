import { computeScore } from "@/lib/core/checks/scoring";
import type { FlaggedFile, ReportActivity, ReportAuditEvent, ReportModel } from "@/lib/services/evidence/report-model";

// A small report model for the unit tests of the renderer and the bundle.

export function flaggedFile(n: number, overrides: Partial<FlaggedFile> = {}): FlaggedFile {
  return {
    verdictId: String(n),
    runId: "run-1",
    trailArn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/main",
    accountId: "111111111111",
    region: "us-east-1",
    kind: "log",
    status: "invalid",
    s3Uri: `s3://logs/AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/30/file-${n}.json.gz`,
    reason: "hash value doesn't match",
    expectedHash: "a".repeat(64),
    actualHash: "b".repeat(64),
    etag: '"0123456789abcdef0123456789abcdef"',
    lastModified: new Date("2026-11-30T01:05:00Z"),
    fileTime: new Date("2026-11-30T01:00:00Z"),
    digestUri: "s3://logs/AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2026/11/30/digest.json.gz",
    fingerprint: "f".repeat(32),
    ...overrides,
  };
}

export function auditEvent(n: number, overrides: Partial<ReportAuditEvent> = {}): ReportAuditEvent {
  return {
    id: String(n),
    at: new Date(Date.UTC(2026, 10, 30, 2, 0, n)),
    actor: "oidc|alice",
    actorName: "Alice Auditor",
    roles: ["operator"],
    action: "validation.request",
    target: "arn:aws:cloudtrail:us-east-1:111111111111:trail/main",
    outcome: "succeeded",
    detail: { runId: `run-${n}` },
    sourceIp: "203.0.113.7",
    userAgent: "Mozilla/5.0",
    ...overrides,
  };
}

/** The activity of these events, all of them carried. */
export function activityOf(events: ReportAuditEvent[], total = events.length): ReportActivity {
  const outcomes: Record<string, number> = {};
  for (const event of events) outcomes[event.outcome] = (outcomes[event.outcome] ?? 0) + 1;
  return { events, total, outcomes };
}

export function reportFixture(files: FlaggedFile[] = [flaggedFile(1)], events: ReportAuditEvent[] = [auditEvent(1)]): ReportModel {
  const checks = [
    { checkId: "kms_cmk", title: "KMS", severity: "high" as const, status: "fail" as const, reason: "Key <b>AWS</b> managed, \"quoted\"", evidence: { KmsKeyId: "alias/aws/cloudtrail" }, inherited: false, accountId: "111111111111", scanId: "scan-1", exceptedBy: "excepted by Ada Admin until 2026-12-31: Legacy key, <replaced> in Q1" },
  ];
  return {
    id: "7f0c1f7e-0000-4000-8000-000000000001",
    scope: { kind: "organization" },
    scopeLabel: "Organization",
    window: { from: new Date("2026-11-30T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") },
    generatedAt: new Date("2026-12-02T10:00:00Z"),
    generatedBy: "tester",
    productVersion: "0.1.0",
    accounts: [{ id: "111111111111", name: "prod", scan: { id: "scan-1", createdAt: new Date("2026-11-30T01:00:00Z"), status: "succeeded", score: 0, error: null } }],
    trails: [{ arn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/main", name: "main", accountId: "111111111111", homeRegion: "us-east-1", isOrganizationTrail: false, score: computeScore([{ status: "fail", severity: "high" }]), checks }],
    validations: [
      {
        trailArn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/main",
        trailName: "main",
        runs: [{ id: "run-1", status: "succeeded", windowStart: new Date("2026-11-30T00:00:00Z"), windowEnd: new Date("2026-12-01T00:00:00Z"), finishedAt: new Date("2026-12-01T00:10:00Z"), error: null }],
        inProgress: null,
        regions: [{ accountId: "111111111111", region: "us-east-1", digests: { valid: 24, invalid: 0, missing: 0, unreadable: 0 }, logs: { valid: 100, invalid: files.length, missing: 0, unreadable: 0 }, gaps: 0 }],
        flaggedFiles: files,
        flaggedTotal: files.length,
        findings: [{ runId: "run-1", trailArn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/main", accountId: "111111111111", region: "us-east-1", kind: "gap", s3Uri: null, message: "No log files, a, b", fromTime: null, toTime: null }],
        coverage: { regionsUnknownFor: [], accountsNotCovered: [], regionsNotCovered: [], periodsNotCovered: [], complete: true },
        notCovered: [],
      },
    ],
    score: computeScore([{ status: "fail", severity: "high" }]),
    scoreWithExceptions: computeScore([{ status: "fail", severity: "high", excepted: true }], "with"),
    exceptions: [
      {
        id: "00000000-0000-4000-8000-0000000000e1",
        covers: "kms_cmk in account 111111111111",
        justification: "Legacy key, <replaced> in Q1",
        owner: "Platform team",
        proposedByName: "Otto Operator",
        createdAt: new Date("2026-11-01T09:00:00Z"),
        approvedByName: "Ada Admin",
        approvedAt: new Date("2026-11-01T10:00:00Z"),
        expiresAt: new Date("2026-12-31T00:00:00Z"),
        revokedByName: null,
        revokedAt: null,
        revokeReason: null,
      },
    ],
    activity: activityOf(events),
    alerts: [
      {
        id: "00000000-0000-4000-8000-0000000000a1",
        kind: "file-invalid",
        severity: "critical",
        state: "acknowledged",
        title: "INVALID log file f0.json.gz",
        reason: "hash value doesn't match",
        accountId: "111111111111",
        region: "us-east-1",
        trailArn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/main",
        s3Uri: "s3://logs/AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/30/f0.json.gz",
        firstSeen: new Date("2026-11-30T02:00:00Z"),
        lastSeen: new Date("2026-11-30T23:00:00Z"),
        timesSeen: 3,
        resolvedAt: null,
        acknowledgedBy: "Olivia Operator",
        ackComment: "restore from the replica under way",
      },
    ],
    notices: [],
  };
}
