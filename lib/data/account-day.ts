import "server-only";
import { db } from "@/lib/db/client";
import { queryAccountDay } from "@/lib/db/heatmaps-repository";
import { FLAGGED_FILE_STATUSES } from "@/lib/db/file-status";

/** One account's day by region and hour (latest verdict per file), and the files any run found INVALID or missing that day. */
export async function getAccountDay(accountId: string, dayText: string | undefined) {
  if (!/^\d{12}$/.test(accountId)) return null;
  const day = dayText && /^\d{4}-\d{2}-\d{2}$/.test(dayText) ? new Date(`${dayText}T00:00:00Z`) : new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
  if (Number.isNaN(day.getTime())) return null;
  const database = db();
  const account = await database.account.findUnique({ where: { id: accountId }, select: { id: true, name: true } });
  if (!account) return null;
  const next = new Date(day.getTime() + 86_400_000);
  const [{ regions }, problems] = await Promise.all([
    queryAccountDay(database, accountId, day),
    database.fileVerdict.findMany({
      where: { accountId, fileTime: { gte: day, lt: next }, status: { in: FLAGGED_FILE_STATUSES } },
      orderBy: [{ status: "asc" }, { fileTime: "asc" }],
      distinct: ["s3Bucket", "s3Key"],
      take: 200,
    }),
  ]);
  return { account, day: day.toISOString().slice(0, 10), regions, problems };
}
