import { afterAll, beforeEach, expect, test } from "vitest";
import { resetDatabase, testPrisma } from "@/lib/testing/database";

const prisma = testPrisma();
beforeEach(() => resetDatabase());
afterAll(() => prisma.$disconnect());

test("file verdicts sort INVALID first by the enum's declared order", async () => {
  await prisma.account.create({ data: { id: "111111111111", name: "a" } });
  const trail = await prisma.trail.create({
    data: { arn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/t", name: "t", accountId: "111111111111", homeRegion: "us-east-1" },
  });
  const run = await prisma.validationRun.create({
    data: { trailId: trail.id, accountId: "111111111111", regions: ["us-east-1"], windowStart: new Date(0), windowEnd: new Date(), trigger: "cli" },
  });
  const base = { runId: run.id, accountId: "111111111111", region: "us-east-1", kind: "log" as const, s3Bucket: "b", fileTime: new Date() };
  await prisma.fileVerdict.createMany({
    data: [
      { ...base, s3Key: "v", status: "valid" },
      { ...base, s3Key: "u", status: "unreadable" },
      { ...base, s3Key: "m", status: "missing" },
      { ...base, s3Key: "i", status: "invalid" },
    ],
  });
  const ordered = await prisma.fileVerdict.findMany({ where: { runId: run.id }, orderBy: { status: "asc" } });
  expect(ordered.map((f) => f.status)).toEqual(["invalid", "missing", "unreadable", "valid"]);
});
