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

/** What the Settings page shows of each account's access: never the ExternalId itself, only whether one is set. */
export async function listAccountAccess(database: Database) {
  const rows = await database.account.findMany({
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, source: true, roleName: true, externalId: true, regions: true, isDemo: true, updatedAt: true },
  });
  return rows.map(({ externalId, ...row }) => ({ ...row, externalIdSet: !!externalId }));
}

export interface AccountAccessChange {
  id: string;
  /** Unset keeps the current name (a new account takes its id as its name). */
  name?: string;
  roleName: string;
  /** undefined keeps the current ExternalId, null removes it. */
  externalId?: string | null;
  regions: string[];
}

/**
 * Adds an account or changes how TrailProof reaches it, and returns what changed (for the audit record; the
 * ExternalId only as "changed"). Takes the transaction client, so the change and its record commit together.
 */
export async function saveAccountAccess(tx: Pick<Database, "account">, change: AccountAccessChange) {
  const before = await tx.account.findUnique({ where: { id: change.id }, select: { name: true, roleName: true, externalId: true, regions: true } });
  const fields = { roleName: change.roleName, regions: change.regions, ...(change.externalId !== undefined ? { externalId: change.externalId } : {}), ...(change.name ? { name: change.name } : {}) };
  await tx.account.upsert({ where: { id: change.id }, create: { id: change.id, name: change.name || change.id, source: "configured", ...fields }, update: fields });
  const changed: string[] = [];
  if (!before) changed.push("created");
  else {
    if (change.name && change.name !== before.name) changed.push("name");
    if (change.roleName !== before.roleName) changed.push("roleName");
    if (change.externalId !== undefined && change.externalId !== before.externalId) changed.push("externalId");
    if (change.regions.join(",") !== before.regions.join(",")) changed.push("regions");
  }
  return { created: !before, changed, before: before ? { name: before.name, roleName: before.roleName, regions: before.regions, externalIdSet: !!before.externalId } : null };
}
