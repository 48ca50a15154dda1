import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { resetDatabase, testDatabaseUrl, testPrisma } from "@/lib/testing/database";

// `npx trailproof exceptions` as a separate process on the test database, the way a team scripts it from git: add,
// list, an exceptions file imported (dry run first: the diff, nothing applied; then applied: the file wins), revoke.

const prisma = testPrisma();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trailproof-exceptions-"));
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(() => resetDatabase());
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await prisma.$disconnect();
});

function trailproof(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/trailproof.mjs", ...args], { env: { ...process.env, DATABASE_URL: testDatabaseUrl() }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

test("add --approve, then list shows it approved by the OS user, in the audit trail", async () => {
  const added = await trailproof(["exceptions", "add", "--check", "multi_region", "--account", "111111111111", "--justification", "Sandbox logs one region", "--owner", "Platform", "--expires", day(30), "--approve"]);
  expect(added.stderr).toBe("");
  expect(added.stdout).toMatch(/^Approved: multi_region in account 111111111111 until /);
  const listed = await trailproof(["exceptions", "list", "--json"]);
  const rows = JSON.parse(listed.stdout) as Record<string, unknown>[];
  expect(rows.map((r) => [r.state, r.accountId, r.checkId, r.approvedByName, r.source])).toEqual([["approved", "111111111111", "multi_region", os.userInfo().username, "cli"]]);
  expect((await prisma.auditEvent.findMany({ orderBy: { id: "asc" } })).map((e) => [e.action, e.userAgent])).toEqual([
    ["exception.propose", "trailproof exceptions add"],
    ["exception.approve", "trailproof exceptions add"],
  ]);
});

test("a bad file is refused with each entry's path and reason, and nothing changes", async () => {
  const file = path.join(dir, "bad.yaml");
  fs.writeFileSync(file, `exceptions:\n  - scope: account\n    checkId: kms_cmk\n    accountId: 111111111111\n    justification: short\n    owner: Sec\n    expiresAt: ${day(400)}\n`);
  const result = await trailproof(["exceptions", "import", file]);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('bad.yaml: exceptions[0].accountId: an AWS account id is 12 digits, as a string (quote it in YAML: "012345678901")');
  expect(result.stderr).toContain("exceptions[0].justification: say why the risk is accepted (at least 10 characters)");
  expect(result.stderr).toContain("exceptions[0].expiresAt: expires must be at most a year (366 days) after the exception is created");
  expect(await prisma.exception.count()).toBe(1);
});

test("import: the diff first (dry run applies nothing), then the file wins: added, changed, revoked", async () => {
  await trailproof(["exceptions", "add", "--check", "kms_cmk", "--ou", "Root/Sandbox", "--justification", "Sandbox keys are AWS managed", "--owner", "Platform", "--expires", day(30), "--approve"]);
  const file = path.join(dir, "exceptions.yaml");
  fs.writeFileSync(
    file,
    [
      "exceptions:",
      "  - scope: account # multi_region in 111111111111: a new expiry",
      "    checkId: multi_region",
      '    accountId: "111111111111"',
      "    justification: Sandbox logs one region",
      "    owner: Platform",
      `    expiresAt: ${day(60)}`,
      "  - scope: trail",
      "    checkId: log_file_validation",
      "    trailArn: arn:aws:cloudtrail:us-east-1:222222222222:trail/legacy",
      "    justification: Legacy trail, replaced in Q3",
      "    owner: Security",
      `    expiresAt: ${day(90)}`,
      "",
    ].join("\n"),
  );
  const dry = await trailproof(["exceptions", "import", file, "--dry-run"]);
  expect(dry.stderr).toBe("");
  const lines = dry.stdout.split("\n");
  expect(lines[0]).toBe(`+ add     log_file_validation on arn:aws:cloudtrail:us-east-1:222222222222:trail/legacy until ${day(90)} (owner Security)`);
  expect(lines[1]).toBe(`~ change  multi_region in account 111111111111: expiresAt ${day(30)} → ${day(60)}`);
  expect(lines.slice(3)).toEqual(["1 added, 1 changed, 1 revoked, 0 unchanged", "Dry run: nothing applied.", ""]);
  expect(dry.stdout.split("\n")[2]).toMatch(/^- revoke  kms_cmk under OU Root\/Sandbox \([0-9a-f-]{36}\): not in the file$/);
  expect(await prisma.exception.count()).toBe(2);

  const applied = await trailproof(["exceptions", "import", file]);
  expect(applied.code).toBe(0);
  expect(applied.stdout).toContain("Applied.");
  const list = JSON.parse((await trailproof(["exceptions", "list", "--json"])).stdout) as { state: string; checkId: string; expiresAt: string; source: string; revokeReason: string | null }[];
  const byState = (state: string) => list.filter((r) => r.state === state).map((r) => [r.checkId, r.expiresAt.slice(0, 10), r.source]).sort();
  expect(byState("approved")).toEqual([["log_file_validation", day(90), "file"], ["multi_region", day(60), "file"]]);
  expect(byState("revoked")).toEqual([["kms_cmk", day(30), "cli"], ["multi_region", day(30), "cli"]]);
  // Imported again: the file and the database agree.
  expect((await trailproof(["exceptions", "import", file, "--dry-run"])).stdout).toContain("0 added, 0 changed, 0 revoked, 2 unchanged");
});

test("revoke needs a reason", async () => {
  const [row] = await prisma.exception.findMany({ where: { revokedAt: null }, take: 1 });
  expect((await trailproof(["exceptions", "revoke", row!.id])).code).toBe(2);
  const revoked = await trailproof(["exceptions", "revoke", row!.id, "--reason", "fixed"]);
  expect(revoked.stdout).toBe(`Revoked ${row!.id}.\n`);
  expect((await prisma.exception.findUniqueOrThrow({ where: { id: row!.id } })).revokeReason).toBe("fixed");
});
