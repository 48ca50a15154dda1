import { afterAll, beforeAll, expect, test } from "vitest";
import { pruneDeliveries } from "@/lib/db/notifications-repository";
import { resetDatabase, testPrisma } from "@/lib/testing/database";

// Delivery records past their retention are deleted, on the real PostgreSQL; each channel's newest is kept whatever
// its age (Settings shows it as the channel's last delivery), and nothing of another age or channel is touched.

const prisma = testPrisma();
const DAY = 86_400_000;
const now = new Date("2026-12-05T12:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);

beforeAll(() => resetDatabase());
afterAll(async () => {
  await resetDatabase();
  await prisma.$disconnect();
});

test("deliveries older than the retention go, except each channel's newest", async () => {
  const channel = (url: string) => prisma.notificationChannel.create({ data: { kind: "webhook", webhookUrl: url, format: "generic", createdBy: "test" }, select: { id: true } });
  const [busy, quiet] = [await channel("https://hooks.example.com/a"), await channel("https://hooks.example.com/b")];
  const delivery = (channelId: string, days: number, attempt = 1) =>
    prisma.notificationDelivery.create({ data: { channelId, alertIds: [], attempt, status: "delivered", at: daysAgo(days) }, select: { id: true } });
  const busyRecent = await delivery(busy.id, 1);
  const busyAtLimit = await delivery(busy.id, 89);
  const busyOld = [await delivery(busy.id, 91), await delivery(busy.id, 200, 2), await delivery(busy.id, 400)];
  // A channel that delivered nothing for a year: its last record stays, the one before goes.
  const quietOlder = await delivery(quiet.id, 500);
  const quietNewest = await delivery(quiet.id, 365);

  expect(await pruneDeliveries(prisma, daysAgo(90))).toBe(busyOld.length + 1);
  const left = await prisma.notificationDelivery.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  expect(left.map((d) => d.id)).toEqual([busyRecent.id, busyAtLimit.id, quietNewest.id]);
  expect(left.map((d) => d.id)).not.toContain(quietOlder.id);
  // Nothing more to prune.
  expect(await pruneDeliveries(prisma, daysAgo(90))).toBe(0);
});
