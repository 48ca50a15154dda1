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
