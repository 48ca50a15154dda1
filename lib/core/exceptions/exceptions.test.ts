import { describe, expect, test } from "vitest";
import { applyExceptions, exceptIntegrityCell } from "@/lib/core/exceptions/apply";
import { coveringException, covers, isUnder, type CoveredSubject } from "@/lib/core/exceptions/coverage";
import { decisionRefusal, type Decider } from "@/lib/core/exceptions/decisions";
import { exceptionState, expiryMoment, isActiveAt, wasActiveDuring, type ExceptionFacts, type ExceptionState } from "@/lib/core/exceptions/exception";
import { parseProposal } from "@/lib/core/exceptions/proposal";

const at = (iso: string) => new Date(iso);
const NONE = { checkId: null, accountId: null, trailArn: null, ouPath: null, findingId: null };
const DECIDED = { approvedAt: null, rejectedAt: null, revokedAt: null };

// Proposed 1 March, approved 2 March, expires 1 June 2026.
const APPROVED: ExceptionFacts = { ...NONE, scope: "account", checkId: "multi_region", accountId: "111111111111", createdAt: at("2026-03-01T00:00:00Z"), expiresAt: at("2026-06-01T00:00:00Z"), ...DECIDED, approvedAt: at("2026-03-02T00:00:00Z") };

describe("exceptionState", () => {
  test.each<{ label: string; facts: ExceptionFacts; at: string; state: ExceptionState }>([
    { label: "before approval: proposed", facts: APPROVED, at: "2026-03-01T12:00:00Z", state: "proposed" },
    { label: "at the approval: approved", facts: APPROVED, at: "2026-03-02T00:00:00Z", state: "approved" },
    { label: "a millisecond before expiry: approved", facts: APPROVED, at: "2026-05-31T23:59:59.999Z", state: "approved" },
    { label: "at expiry: expired", facts: APPROVED, at: "2026-06-01T00:00:00Z", state: "expired" },
    { label: "never decided, past its expiry: expired", facts: { ...APPROVED, approvedAt: null }, at: "2026-07-01T00:00:00Z", state: "expired" },
    { label: "rejected", facts: { ...APPROVED, approvedAt: null, rejectedAt: at("2026-03-03T00:00:00Z") }, at: "2026-03-04T00:00:00Z", state: "rejected" },
    { label: "revoked while approved", facts: { ...APPROVED, revokedAt: at("2026-04-01T00:00:00Z") }, at: "2026-04-01T00:00:00Z", state: "revoked" },
    { label: "approved before the revocation it will get", facts: { ...APPROVED, revokedAt: at("2026-04-01T00:00:00Z") }, at: "2026-03-15T00:00:00Z", state: "approved" },
    { label: "revoked after expiry: still revoked (the latest act)", facts: { ...APPROVED, revokedAt: at("2026-07-01T00:00:00Z") }, at: "2026-08-01T00:00:00Z", state: "revoked" },
  ])("$label", ({ facts, at: moment, state }) => {
    expect(exceptionState(facts, at(moment))).toBe(state);
    expect(isActiveAt(facts, at(moment))).toBe(state === "approved");
  });
});

describe("wasActiveDuring (an evidence report's window)", () => {
  test.each<{ label: string; facts: ExceptionFacts; from: string; to: string; active: boolean }>([
    { label: "window inside the approved span", facts: APPROVED, from: "2026-04-01T00:00:00Z", to: "2026-04-30T00:00:00Z", active: true },
    { label: "window ending at the approval", facts: APPROVED, from: "2026-02-01T00:00:00Z", to: "2026-03-02T00:00:00Z", active: true },
    { label: "window ending before the approval", facts: APPROVED, from: "2026-02-01T00:00:00Z", to: "2026-03-01T23:00:00Z", active: false },
    { label: "window starting at the expiry", facts: APPROVED, from: "2026-06-01T00:00:00Z", to: "2026-06-30T00:00:00Z", active: false },
    { label: "window starting just before the expiry", facts: APPROVED, from: "2026-05-31T23:00:00Z", to: "2026-06-30T00:00:00Z", active: true },
    { label: "never approved", facts: { ...APPROVED, approvedAt: null }, from: "2026-01-01T00:00:00Z", to: "2026-12-31T00:00:00Z", active: false },
    { label: "revoked before the window", facts: { ...APPROVED, revokedAt: at("2026-03-10T00:00:00Z") }, from: "2026-04-01T00:00:00Z", to: "2026-04-30T00:00:00Z", active: false },
  ])("$label", ({ facts, from, to, active }) => {
    expect(wasActiveDuring(facts, { from: at(from), to: at(to) })).toBe(active);
  });
});

describe("expiryMoment", () => {
  test("an approved exception expires at expiresAt", () => expect(expiryMoment(APPROVED)).toEqual(at("2026-06-01T00:00:00Z")));
  test("never approved: never expires as an applied exception", () => expect(expiryMoment({ ...APPROVED, approvedAt: null })).toBeNull());
  test("revoked before expiry: it ended by revocation", () => expect(expiryMoment({ ...APPROVED, revokedAt: at("2026-05-01T00:00:00Z") })).toBeNull());
});

describe("covers", () => {
  const check = (over: Partial<Extract<CoveredSubject, { type: "check" }>> = {}): CoveredSubject => ({ type: "check", checkId: "multi_region", accountId: "111111111111", ouPath: "Root/Sandbox/Dev", trailArn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/main", ...over });
  const trail: ExceptionFacts = { ...APPROVED, scope: "trail", accountId: null, trailArn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/main" };
  const ou: ExceptionFacts = { ...APPROVED, scope: "organizational_unit", accountId: null, ouPath: "Root/Sandbox" };
  const FILE_ID = "trailproof/file/0123456789abcdef0123456789abcdef01234567";
  const CHAIN_ID = "trailproof/integrity/0123456789abcdef0123456789abcdef01234567";
  const missingFile: ExceptionFacts = { ...APPROVED, scope: "finding", checkId: null, accountId: null, findingId: FILE_ID, fileStatus: "missing", fileActualHash: null };
  const WRITTEN = at("2026-03-10T05:05:00Z");
  const forgedFile: ExceptionFacts = { ...missingFile, fileStatus: "invalid", fileActualHash: "a".repeat(64), fileEtag: '"e1"', fileLastModified: WRITTEN };
  const forgedNoEtag: ExceptionFacts = { ...forgedFile, fileEtag: null };
  const legacyFile: ExceptionFacts = { ...missingFile, fileStatus: null };
  const chainFinding: ExceptionFacts = { ...APPROVED, scope: "finding", checkId: null, accountId: null, findingId: CHAIN_ID };
  const file = (status: string, actualHash: string | null = null, etag: string | null = null, lastModified: Date | null = etag ? WRITTEN : null): CoveredSubject => ({ type: "file", findingId: FILE_ID, state: { status, actualHash, etag, lastModified } });
  test.each<{ label: string; facts: ExceptionFacts; subject: CoveredSubject; covered: boolean }>([
    { label: "account scope: same check, same account", facts: APPROVED, subject: check(), covered: true },
    { label: "account scope: another check", facts: APPROVED, subject: check({ checkId: "kms_cmk" }), covered: false },
    { label: "account scope: another account", facts: APPROVED, subject: check({ accountId: "222222222222" }), covered: false },
    { label: "account scope: the account's result with no trail", facts: APPROVED, subject: check({ trailArn: null }), covered: true },
    { label: "trail scope: the trail, seen from another account (inherited)", facts: trail, subject: check({ accountId: "222222222222" }), covered: true },
    { label: "trail scope: another trail", facts: trail, subject: check({ trailArn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/other" }), covered: false },
    { label: "OU scope: an account in an OU below", facts: ou, subject: check(), covered: true },
    { label: "OU scope: an account in the OU itself", facts: ou, subject: check({ ouPath: "Root/Sandbox" }), covered: true },
    { label: "OU scope: an OU whose name only starts alike", facts: ou, subject: check({ ouPath: "Root/Sandboxes" }), covered: false },
    { label: "OU scope: an account with no OU", facts: ou, subject: check({ ouPath: null }), covered: false },
    { label: "finding scope: the same integrity finding id", facts: chainFinding, subject: { type: "finding", findingId: CHAIN_ID }, covered: true },
    { label: "finding scope: another integrity finding", facts: chainFinding, subject: { type: "finding", findingId: "trailproof/integrity/ffff456789abcdef0123456789abcdef01234567" }, covered: false },
    { label: "file: still missing, as accepted", facts: missingFile, subject: file("missing"), covered: true },
    { label: "file: accepted missing, now INVALID (a forged file planted at the key)", facts: missingFile, subject: file("invalid", "b".repeat(64)), covered: false },
    { label: "file: accepted missing, now unreadable", facts: missingFile, subject: file("unreadable"), covered: false },
    { label: "file: accepted INVALID, same object (ETag and SHA-256)", facts: forgedFile, subject: file("invalid", "a".repeat(64), '"e1"'), covered: true },
    { label: "file: accepted INVALID, rewritten since (another SHA-256)", facts: forgedFile, subject: file("invalid", "c".repeat(64), '"e1"'), covered: false },
    { label: "file: accepted INVALID, data appended after the first gzip member (same SHA-256, another ETag)", facts: forgedFile, subject: file("invalid", "a".repeat(64), '"e2"'), covered: false },
    { label: "file: accepted INVALID, written again with colliding MD5 (same ETag and SHA-256, a later LastModified)", facts: forgedFile, subject: file("invalid", "a".repeat(64), '"e1"', at("2026-03-12T00:00:00Z")), covered: false },
    { label: "file: an INVALID exception with no ETag covers nothing", facts: forgedNoEtag, subject: file("invalid", "a".repeat(64), null), covered: false },
    { label: "file: accepted INVALID, now missing", facts: forgedFile, subject: file("missing"), covered: false },
    { label: "file: an exception with no recorded state covers nothing", facts: legacyFile, subject: file("missing"), covered: false },
    { label: "file: another file's id", facts: missingFile, subject: { type: "file", findingId: "trailproof/file/ffff456789abcdef0123456789abcdef01234567", state: { status: "missing", actualHash: null, etag: null, lastModified: null } }, covered: false },
    { label: "file: its id without its state is covered by nothing", facts: missingFile, subject: { type: "finding", findingId: FILE_ID }, covered: false },
    { label: "finding scope never covers a check", facts: missingFile, subject: check(), covered: false },
    { label: "a check exception never covers a file", facts: APPROVED, subject: file("missing"), covered: false },
  ])("$label", ({ facts, subject, covered }) => {
    expect(covers(facts, subject)).toBe(covered);
  });

  test("isUnder ignores a trailing slash on the unit", () => expect(isUnder("Root/Sandbox/Dev", "Root/Sandbox/")).toBe(true));
  test("coveringException gives the first that covers, or null", () => {
    expect(coveringException([trail, APPROVED], check({ trailArn: null }))).toBe(APPROVED);
    expect(coveringException([trail], check({ trailArn: null }))).toBeNull();
  });
});

describe("parseProposal", () => {
  const now = at("2026-03-01T10:00:00Z");
  const base = { scope: "account", checkId: "multi_region", accountId: "111111111111", justification: "Sandbox account, single region on purpose", owner: "Platform team", expiresAt: "2026-09-01" };
  test("a complete proposal parses, expires as a date", () => {
    const parsed = parseProposal(base, now);
    expect(parsed).toEqual({ ok: true, proposal: { ...base, expiresAt: at("2026-09-01T00:00:00Z") } });
  });
  test.each<{ label: string; input: Record<string, unknown>; problems: { path: string; message: string }[] }>([
    { label: "no justification", input: { ...base, justification: "  " }, problems: [{ path: "justification", message: "say why the risk is accepted (at least 10 characters)" }] },
    { label: "expires in the past", input: { ...base, expiresAt: "2026-02-01" }, problems: [{ path: "expiresAt", message: "expires must be in the future" }] },
    { label: "expires more than a year on", input: { ...base, expiresAt: "2027-03-03" }, problems: [{ path: "expiresAt", message: "expires must be at most a year (366 days) after the exception is created" }] },
    { label: "a short account id", input: { ...base, accountId: "1234" }, problems: [{ path: "accountId", message: "an AWS account id is 12 digits" }] },
    { label: "an unknown scope", input: { ...base, scope: "region" }, problems: [{ path: "scope", message: "scope must be one of account, trail, organizational_unit, finding" }] },
    { label: "a trail scope without its ARN", input: { ...base, scope: "trail" }, problems: [{ path: "trailArn", message: "Invalid input: expected string, received undefined" }] },
  ])("$label", ({ input, problems }) => {
    expect(parseProposal(input, now)).toEqual({ ok: false, problems });
  });
  test("a year to the day is allowed", () => expect(parseProposal({ ...base, expiresAt: "2027-03-01T10:00:00Z" }, now).ok).toBe(true));
});

describe("decisionRefusal", () => {
  const proposed: ExceptionFacts & { proposedBy: string } = { ...APPROVED, approvedAt: null, proposedBy: "alice" };
  const now = at("2026-03-05T00:00:00Z");
  const admin = (id: string, mode: Decider["mode"] = "oidc"): Decider => ({ id, mode, isAdmin: true });
  test.each<{ label: string; decider: Decider; decision: "approve" | "reject" | "revoke"; facts?: typeof proposed; refusal: string | null }>([
    { label: "another admin approves", decider: admin("bob"), decision: "approve", refusal: null },
    { label: "the proposer approves their own (sign-in)", decider: admin("alice"), decision: "approve", refusal: "Two people decide an exception: another administrator than its proposer must approve it." },
    { label: "the local administrator approves their own", decider: admin("alice", "local"), decision: "approve", refusal: null },
    { label: "an operator approves", decider: { id: "carol", mode: "oidc", isAdmin: false }, decision: "approve", refusal: "Only an administrator may approve an exception." },
    { label: "the proposer may reject? no: admins only", decider: { id: "alice", mode: "oidc", isAdmin: false }, decision: "reject", refusal: "Only an administrator may reject an exception." },
    { label: "the proposer withdraws their proposal", decider: { id: "alice", mode: "oidc", isAdmin: false }, decision: "revoke", refusal: null },
    { label: "approve an approved one", decider: admin("bob"), decision: "approve", facts: { ...proposed, approvedAt: at("2026-03-02T00:00:00Z") }, refusal: "This exception is approved: only a proposed one can be approved." },
    { label: "an operator revokes an approved one", decider: { id: "alice", mode: "oidc", isAdmin: false }, decision: "revoke", facts: { ...proposed, approvedAt: at("2026-03-02T00:00:00Z") }, refusal: "Only an administrator may revoke an approved exception." },
    { label: "revoke an expired one", decider: admin("bob"), decision: "revoke", facts: { ...proposed, expiresAt: at("2026-03-04T00:00:00Z") }, refusal: "This exception is expired: only a proposed or approved one can be revoked." },
  ])("$label", ({ decider, decision, facts, refusal }) => {
    expect(decisionRefusal(facts ?? proposed, decider, decision, now)).toBe(refusal);
  });
});

describe("applyExceptions (one account's cells and score)", () => {
  const account = { id: "111111111111", ouPath: "Root/Sandbox" };
  const main = "arn:aws:cloudtrail:us-east-1:111111111111:trail/main";
  const org = "arn:aws:cloudtrail:us-east-1:999999999999:trail/org";
  const onMain: ExceptionFacts = { ...APPROVED, scope: "trail", accountId: null, trailArn: main };
  const results = [
    { checkId: "multi_region", status: "fail", severity: "critical", trailArn: main, inView: true },
    { checkId: "multi_region", status: "pass", severity: "critical", trailArn: org, inView: true },
    { checkId: "kms_cmk", status: "fail", severity: "high", trailArn: main, inView: true },
    { checkId: "kms_cmk", status: "pass", severity: "high", trailArn: org, inView: true },
  ] as const;
  test("an exception on one trail's failing check: its cell excepted, the score counts it in neither sum", () => {
    const applied = applyExceptions(account, results, [onMain]);
    expect([...applied.exceptedCells.keys()]).toEqual(["multi_region"]);
    // With: earned 10 + 5 = 15, possible 10 + 5 + 5 (kms_cmk's fail) = 20 → 75. Without it would be 15 / 30 = 50.
    expect(applied.scoreWithExceptions).toBe(75);
  });
  test("another trail still failing the same check keeps the cell a fail", () => {
    const both = [...results, { checkId: "multi_region", status: "fail", severity: "critical", trailArn: org, inView: true } as const];
    expect(applyExceptions(account, both, [onMain]).exceptedCells.size).toBe(0);
  });
  test("no exceptions: the score is today's", () => {
    expect(applyExceptions(account, results, []).scoreWithExceptions).toBe(50);
  });
});

describe("exceptIntegrityCell", () => {
  const cell = { status: "invalid", valid: 5, invalid: 1, missing: 1, gaps: 0 };
  test("fewer problems named than counted: unchanged, even if each named one is covered", () => expect(exceptIntegrityCell(cell, ["a"])).toBe(cell));
  test("every counted problem named and covered: excepted, counts kept, notes joined", () => expect(exceptIntegrityCell(cell, ["a", "b"])).toEqual({ ...cell, status: "excepted", excepted: "a; b" }));
  test("one named problem not covered: unchanged", () => expect(exceptIntegrityCell(cell, ["a", null])).toBe(cell));
  test("two problems covered by one exception: its note once", () => expect(exceptIntegrityCell(cell, ["a", "a"]).excepted).toBe("a"));
  test("a day without problems is never excepted", () => expect(exceptIntegrityCell({ ...cell, invalid: 0, missing: 0, status: "valid" }, ["a"]).status).toBe("valid"));
});
