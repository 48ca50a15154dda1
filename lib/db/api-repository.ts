import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { alertSelect } from "@/lib/db/alerts-repository";

// The read-only HTTP API's lists (docs/api.md): one keyset page each, in an order that never changes for a row once
// written (an account's id; a run's creation time; an alert's first sighting) with the id as the unique tiebreaker,
// fetched `take` = limit + 1 so the caller knows whether another page follows.

type Reader = Pick<Database, "account" | "validationRun" | "alert">;

export const apiAccountSelect = {
  id: true,
  name: true,
  email: true,
  ouPath: true,
  source: true,
  roleName: true,
  regions: true,
  isDemo: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.AccountSelect;

/** Accounts by id, after the cursor's id. The ExternalId is never part of it. */
export function accountsPage(database: Reader, page: { after?: string; ids?: string[]; take: number }) {
  return database.account.findMany({
    where: { id: { gt: page.after, in: page.ids } },
    orderBy: { id: "asc" },
    select: apiAccountSelect,
    take: page.take,
  });
}

export const apiValidationSelect = {
  id: true,
  accountId: true,
  regions: true,
  windowStart: true,
  windowEnd: true,
  trigger: true,
  status: true,
  phase: true,
  full: true,
  error: true,
  digestsTotal: true,
  digestsDone: true,
  logsTotal: true,
  logsDone: true,
  invalidCount: true,
  missingCount: true,
  unreadableCount: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  trail: { select: { arn: true, name: true } },
} satisfies Prisma.ValidationRunSelect;

/** Strictly after (createdAt, id) in the order newest first. */
function newestFirstAfter(after: { at: Date; id: string } | undefined) {
  return after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {};
}

/** Validation runs newest first, optionally of some accounts, one trail, created since a time. */
export function validationsPage(database: Reader, page: { after?: { at: Date; id: string }; accountIds?: string[]; trailArn?: string; since?: Date; take: number }) {
  return database.validationRun.findMany({
    where: {
      accountId: { in: page.accountIds },
      trail: page.trailArn ? { arn: page.trailArn } : undefined,
      createdAt: { gte: page.since },
      ...newestFirstAfter(page.after),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: apiValidationSelect,
    take: page.take,
  });
}

// lib/db/alerts-repository's alertSelect less the verdict's bigint id, plus the key: the API names the problem by its
// key and S3 URI.
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the bigint id is what this leaves out
const { fileVerdictId: _verdictId, ...alertFields } = alertSelect;
export const apiAlertSelect = { ...alertFields, key: true } satisfies Prisma.AlertSelect;

/**
 * Alerts by first sighting, newest first: an alert's first sighting never changes (its last sighting and state do,
 * which would move it between pages). `since` keeps those seen at or after a time.
 */
export function alertsPage(
  database: Reader,
  page: { after?: { at: Date; id: string }; accountIds?: string[]; state?: "open" | "acknowledged" | "resolved"; since?: Date; take: number },
) {
  const after = page.after ? { OR: [{ firstSeen: { lt: page.after.at } }, { firstSeen: page.after.at, id: { lt: page.after.id } }] } : {};
  return database.alert.findMany({
    where: { accountId: { in: page.accountIds }, state: page.state, lastSeen: { gte: page.since }, ...after },
    orderBy: [{ firstSeen: "desc" }, { id: "desc" }],
    select: apiAlertSelect,
    take: page.take,
  });
}
