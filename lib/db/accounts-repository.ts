import type { Database } from "@/lib/db/client";

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
