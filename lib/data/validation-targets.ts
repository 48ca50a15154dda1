import type { Database } from "@/lib/db/client";

/**
 * The trails a "Validate now" request covers: the trails named, plus every trail owned by the accounts named, each
 * once and only those with a bucket to read. An organization trail is validated whole (every member) from its owner.
 */
export async function trailsToValidate(database: Database, selection: { trailIds: string[]; accountIds: string[] }): Promise<string[]> {
  if (selection.trailIds.length === 0 && selection.accountIds.length === 0) return [];
  const trails = await database.trail.findMany({
    where: {
      s3BucketName: { not: null },
      OR: [{ id: { in: selection.trailIds } }, { accountId: { in: selection.accountIds } }],
    },
    select: { id: true },
    orderBy: { arn: "asc" },
  });
  return trails.map((t) => t.id);
}
