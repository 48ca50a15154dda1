import { AwsClients } from "@/lib/aws/clients";
import { listOrganizationAccounts } from "@/lib/aws/collectors/organization";
import type { Database } from "@/lib/db/client";
import { upsertAccounts } from "@/lib/db/accounts-repository";
import type { AccountsFileEntry } from "@/lib/services/scan/accounts-file";
import type { ScanTarget } from "@/lib/services/scan/collect";

// Which accounts a scan covers: those TrailProof already knows (the button), the organization's (read with the
// credentials TrailProof runs with, from the management or delegated-administrator account), or a given list.

export const DEFAULT_ROLE_NAME = "TrailProofAudit";

export interface RoleDefaults {
  roleName?: string;
  externalId?: string | null;
}

export async function targetsFromDatabase(database: Database, only?: string[]): Promise<ScanTarget[]> {
  const accounts = await database.account.findMany({
    where: only ? { id: { in: only } } : {},
    select: { id: true, name: true, roleName: true, externalId: true, regions: true },
    orderBy: { id: "asc" },
  });
  return accounts.map((a) => ({ accountId: a.id, name: a.name, roleName: a.roleName, externalId: a.externalId, regions: a.regions }));
}

/** Lists the organization's active accounts, records them, and returns them as targets. */
export async function targetsFromOrganization(database: Database, defaults: RoleDefaults = {}): Promise<ScanTarget[]> {
  const { accounts } = await listOrganizationAccounts(new AwsClients());
  const active = accounts.filter((a) => a.status === "ACTIVE");
  const known = new Map((await database.account.findMany({ where: { id: { in: active.map((a) => a.id) } } })).map((a) => [a.id, a]));
  await upsertAccounts(
    database,
    active.map((a) => ({
      id: a.id,
      name: a.name,
      email: a.email,
      ouPath: a.ouPath,
      source: "organization" as const,
      // Settings given for this run win and are recorded; otherwise what the account already has.
      roleName: defaults.roleName ?? known.get(a.id)?.roleName ?? DEFAULT_ROLE_NAME,
      externalId: defaults.externalId !== undefined ? defaults.externalId : (known.get(a.id)?.externalId ?? null),
    })),
  );
  return targetsFromDatabase(database, active.map((a) => a.id));
}

/** Explicit account ids (CLI --accounts): recorded as configured accounts; role settings as for the organization. */
export async function targetsFromList(database: Database, ids: string[], defaults: RoleDefaults = {}): Promise<ScanTarget[]> {
  const invalid = ids.filter((id) => !/^\d{12}$/.test(id));
  if (invalid.length > 0) throw new Error(`not a 12-digit AWS account id: ${invalid.join(", ")}`);
  const known = new Map((await database.account.findMany({ where: { id: { in: ids } } })).map((a) => [a.id, a]));
  await upsertAccounts(
    database,
    ids.map((id) => ({
      id,
      name: known.get(id)?.name ?? id,
      source: known.get(id)?.source ?? ("configured" as const),
      roleName: defaults.roleName ?? known.get(id)?.roleName ?? DEFAULT_ROLE_NAME,
      externalId: defaults.externalId !== undefined ? defaults.externalId : (known.get(id)?.externalId ?? null),
    })),
  );
  return targetsFromDatabase(database, ids);
}

/** Accounts from a file (see accounts-file.ts): recorded with their own role settings, falling back to the defaults. */
export async function targetsFromFile(database: Database, entries: AccountsFileEntry[], defaults: RoleDefaults = {}): Promise<ScanTarget[]> {
  const known = new Map((await database.account.findMany({ where: { id: { in: entries.map((e) => e.id) } } })).map((a) => [a.id, a]));
  await upsertAccounts(
    database,
    entries.map((entry) => ({
      id: entry.id,
      name: entry.name ?? known.get(entry.id)?.name ?? entry.id,
      ouPath: entry.ouPath ?? known.get(entry.id)?.ouPath ?? null,
      source: known.get(entry.id)?.source ?? ("configured" as const),
      roleName: entry.roleName ?? defaults.roleName ?? known.get(entry.id)?.roleName ?? DEFAULT_ROLE_NAME,
      externalId: entry.externalId ?? (defaults.externalId !== undefined ? defaults.externalId : (known.get(entry.id)?.externalId ?? null)),
      ...(entry.regions ? { regions: entry.regions } : {}),
    })),
  );
  return targetsFromDatabase(database, entries.map((e) => e.id));
}
