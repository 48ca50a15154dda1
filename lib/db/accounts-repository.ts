import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

// What the overview shows of an account: the account, its latest scan outcome.
const overviewSelect = {
  id: true,
  name: true,
  ouPath: true,
  source: true,
  isDemo: true,
  scanAccounts: {
    orderBy: { scan: { createdAt: "desc" } },
    take: 1,
    select: { score: true, status: true, error: true, scan: { select: { id: true, createdAt: true } } },
  },
} satisfies Prisma.AccountSelect;

export type AccountOverviewRow = Prisma.AccountGetPayload<{ select: typeof overviewSelect }>;

export function listAccountsForOverview(database: Database): Promise<AccountOverviewRow[]> {
  return database.account.findMany({ select: overviewSelect, orderBy: [{ name: "asc" }, { id: "asc" }] });
}

export interface AccountRecord {
  id: string;
  name: string;
  email?: string | null;
  ouPath?: string | null;
  source: "organization" | "configured";
  roleName?: string;
  externalId?: string | null;
  isDemo?: boolean;
  /** Empty: every enabled region. */
  regions?: string[];
}

/** Inserts or refreshes accounts by id, in one transaction. */
export async function upsertAccounts(database: Database, accounts: AccountRecord[]): Promise<void> {
  await database.$transaction(
    accounts.map(({ id, ...fields }) => database.account.upsert({ where: { id }, create: { id, ...fields }, update: fields })),
  );
}

/** For each (scan, account) pair: the checks that failed or could not be read there, over all visible trails. */
export async function listProblemChecks(database: Database, pairs: { scanId: string; accountId: string }[]) {
  if (pairs.length === 0) return [];
  return database.checkResult.findMany({
    where: { OR: pairs, status: { in: ["fail", "error"] } },
    select: { accountId: true, checkId: true, status: true },
    distinct: ["accountId", "checkId", "status"],
    orderBy: [{ accountId: "asc" }, { status: "asc" }, { checkId: "asc" }],
  });
}
