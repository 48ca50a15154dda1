import os from "node:os";
import { afterAll, beforeAll, expect, test } from "vitest";
import { resetDatabase, testPrisma } from "@/lib/testing/database";
import { runTrailproof } from "@/lib/testing/run-cli";

// `npx trailproof schedule` as an administrator runs it: a separate process on DATABASE_URL; changes recorded under the
// OS user's name; intervals no cron expression can say refused with a reason, changing nothing.

const prisma = testPrisma();
const ACCOUNT = "111122223333";
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/payments-main`;

beforeAll(async () => {
  await resetDatabase();
  await prisma.account.create({ data: { id: ACCOUNT, name: "Payments" } });
  await prisma.trail.create({ data: { arn: TRAIL_ARN, name: "payments-main", accountId: ACCOUNT, homeRegion: "us-east-1", s3BucketName: "payments-trail-logs" } });
});
afterAll(async () => {
  await resetDatabase();
  await prisma.$disconnect();
});

const trailproof = (args: string[]) => runTrailproof(["schedule", ...args]);

test("without options it prints the defaults: scan daily, validate hourly over 25 hours, no export, with the next run", async () => {
  const { code, stdout } = await trailproof([]);
  expect(code).toBe(0);
  expect(stdout).toContain("schedule: running");
  expect(stdout).toMatch(/scan\s+every 24h\s+cron "0 0 \* \* \*"/);
  expect(stdout).toMatch(/validate\s+every 1h\s+cron "0 \* \* \* \*"/);
  expect(stdout).toContain("over the last 25 h");
  expect(stdout).toContain("export      off");
  // The next top of the hour (or the one after, if the hour turned while the command ran).
  const hour = 3_600_000;
  const candidates = [1, 2].map((n) => new Date((Math.floor(Date.now() / hour) + n) * hour).toISOString().replace(".000Z", "Z"));
  expect(candidates.some((c) => stdout.includes(`next ${c}   over`))).toBe(true);
});

test("changes are stored and audited under the OS user; an interval no cron can say is refused and changes nothing", async () => {
  const changed = await trailproof(["--validate-every", "15m", "--window-hours", "2", "--export-monthly", "on"]);
  expect(changed.code).toBe(0);
  expect(changed.stdout).toMatch(/validate\s+every 15m\s+cron "\*\/15 \* \* \* \*"/);
  expect(changed.stdout).toMatch(/export\s+monthly\s+cron "0 0 1 \* \*"/);
  const row = await prisma.schedule.findUniqueOrThrow({ where: { id: "organization" } });
  expect([row.validateEveryMinutes, row.windowHours, row.exportMonthly, row.scanEveryMinutes]).toEqual([15, 2, true, 1440]);
  const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "settings.schedule" }, orderBy: { at: "desc" } });
  expect(audit).toMatchObject({ actor: `cli:${os.userInfo().username}`, target: "organization", outcome: "succeeded" });
  expect(audit.detail).toMatchObject({ changed: ["validateEveryMinutes", "windowHours", "exportMonthly"], before: { validateEveryMinutes: 60, windowHours: 25, exportMonthly: false } });

  const refused = await trailproof(["--validate-every", "45m"]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain("every 45m cannot be a cron schedule: use minutes that divide the hour");
  expect((await prisma.schedule.findUniqueOrThrow({ where: { id: "organization" } })).validateEveryMinutes).toBe(15);
});

test("a trail is paused and resumed on its own; the whole schedule too", async () => {
  const paused = await trailproof(["--trail", TRAIL_ARN, "--pause"]);
  expect(paused.code).toBe(0);
  expect(paused.stdout).toMatch(/trail\s+payments-main: paused \(trail\)/);
  const trail = await prisma.trail.findUniqueOrThrow({ where: { arn: TRAIL_ARN } });
  expect((await prisma.scheduleOverride.findUniqueOrThrow({ where: { trailId: trail.id } })).paused).toBe(true);

  const account = await trailproof(["--account", ACCOUNT, "--validate-every", "5m"]);
  expect(account.stdout).toMatch(/account\s+Payments \(111122223333\): every 5m over 2 h/);

  expect((await trailproof(["--pause"])).stdout).toContain("schedule: PAUSED");
  expect((await prisma.schedule.findUniqueOrThrow({ where: { id: "organization" } })).paused).toBe(true);
  expect((await trailproof(["--resume"])).stdout).toContain("schedule: running");

  // Back to the defaults: the override disappears once nothing in it differs.
  await trailproof(["--trail", TRAIL_ARN, "--resume"]);
  expect(await prisma.scheduleOverride.count({ where: { trailId: trail.id } })).toBe(0);
  const unknown = await trailproof(["--trail", "arn:aws:cloudtrail:us-east-1:111122223333:trail/nope", "--pause"]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain("no trail arn:aws:cloudtrail:us-east-1:111122223333:trail/nope");
});
