import type { ExpectedAccount } from "@/lib/core/integrity/chain-plan";
import type { Sql } from "@/lib/db/sql";

export interface TrailShape {
  id: string;
  accountId: string;
  homeRegion: string;
  isOrganizationTrail: boolean;
  isMultiRegion: boolean;
}

// An organization trail logs its owner, every account found through AWS Organizations, and every account whose scan saw
// it (an organization configured account by account, without Organizations access, has no 'organization' accounts).
async function organizationTrailAccounts(database: Sql, trail: TrailShape): Promise<string[]> {
  const rows = await database.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM accounts WHERE source = 'organization'
     UNION SELECT DISTINCT account_id FROM check_results WHERE trail_id = $1::uuid
     ORDER BY id`,
    trail.id,
  );
  return [...new Set([trail.accountId, ...rows.map((r) => r.id)])];
}

/**
 * The accounts and regions a trail should log, as the scans recorded them: an organization trail logs its owner, every
 * account TrailProof found through AWS Organizations and every account whose scan saw the trail, an account trail its
 * own account; a multi-region trail
 * every region the account's latest scan that recorded regions looked at (else the regions configured for the
 * account, else unknown: null), a single-region trail its home region. Plain SQL, so the stored run's bare pg pool
 * and the pages' Prisma client both use it.
 */
export async function expectedAccounts(database: Sql, trail: TrailShape, onlyAccountId?: string): Promise<ExpectedAccount[]> {
  const ids = trail.isOrganizationTrail ? await organizationTrailAccounts(database, trail) : [trail.accountId];
  // An account report judges that account alone (an organization trail it inherits included).
  const accountIds = onlyAccountId ? [onlyAccountId] : ids;
  if (!trail.isMultiRegion) return accountIds.map((accountId) => ({ accountId, regions: [trail.homeRegion] }));
  const rows = await database.$queryRawUnsafe<{ id: string; scanned: string[] | null; configured: string[] }[]>(
    `SELECT a.id, s.regions AS scanned, a.regions AS configured
       FROM accounts a
       LEFT JOIN LATERAL (
         SELECT sa.regions FROM scan_accounts sa JOIN scan_runs sr ON sr.id = sa.scan_id
          WHERE sa.account_id = a.id AND cardinality(sa.regions) > 0 ORDER BY sr.created_at DESC LIMIT 1) s ON TRUE
      WHERE a.id = ANY($1::text[])`,
    accountIds,
  );
  const regionsOf = new Map(rows.map((r) => [r.id, r.scanned?.length ? r.scanned : r.configured.length ? r.configured : null]));
  return accountIds.map((accountId) => ({ accountId, regions: regionsOf.get(accountId) ?? null }));
}
