// Which digest chains (account × region) a stored run walks. They come from what should exist (the organization id
// AWS Organizations gives, the accounts and regions the scans recorded), never from what the bucket shows: anyone who
// can write to the bucket can add a decoy folder or delete a whole region's, and the run must neither follow the
// decoy nor lose sight of the deleted chain. What the bucket holds beyond that is reported, not trusted. Pure.

export const ORGANIZATION_FOLDER = /^o-[a-z0-9]{10,32}$/;
export const ACCOUNT_FOLDER = /^\d{12}$/;
/** us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-5, … */
export const REGION_FOLDER = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export interface ExpectedAccount {
  accountId: string;
  /** The regions the trail should log in this account; null when no scan recorded them. */
  regions: string[] | null;
}

export interface PlannedChain {
  accountId: string;
  region: string;
}

/** A folder in the trail's part of the bucket that nothing TrailProof knows accounts for. */
export interface UnexpectedPrefix {
  /** The account the finding is filed under: the folder's own when it is a known account, else the trail's owner. */
  accountId: string;
  region: string;
  prefix: string;
  why: string;
}

export interface ChainPlanInput {
  trail: { accountId: string; homeRegion: string; isOrganizationTrail: boolean };
  /** `{prefix/}AWSLogs/` */
  root: string;
  /** The organization id from AWS Organizations (organization trails; null otherwise). */
  organizationId: string | null;
  expected: ExpectedAccount[];
  /** Folder names found below a prefix (one level). */
  listFolders: (prefix: string) => Promise<string[]>;
  /** Restrict the run to these accounts / regions (the command line's --accounts / --regions). */
  onlyAccounts?: string[];
  onlyRegions?: string[];
}

export interface ChainPlan {
  /** `{prefix/}AWSLogs/` or, for an organization trail, `…AWSLogs/{o-id}/`. */
  accountRoot: string;
  chains: PlannedChain[];
  unexpected: UnexpectedPrefix[];
}

export async function planChains(input: ChainPlanInput): Promise<ChainPlan> {
  const { trail, root, organizationId } = input;
  const unexpected: UnexpectedPrefix[] = [];
  const ownerFinding = (prefix: string, why: string) => unexpected.push({ accountId: trail.accountId, region: trail.homeRegion, prefix, why });

  let accountRoot = root;
  if (trail.isOrganizationTrail) {
    if (!organizationId || !ORGANIZATION_FOLDER.test(organizationId)) throw new Error(`the organization id ${JSON.stringify(organizationId)} is not one AWS Organizations gives`);
    accountRoot = `${root}${organizationId}/`;
    // Other trails may share the bucket (their AWSLogs/<account>/ folders are normal); another organization's folder
    // in an organization trail's bucket is not.
    for (const name of await input.listFolders(root)) {
      if (name.startsWith("o-") && name !== organizationId) ownerFinding(`${root}${name}/`, `an organization folder other than this organization's (${organizationId})`);
    }
  }

  const expectedById = new Map(input.expected.map((e) => [e.accountId, e]));
  if (trail.isOrganizationTrail) {
    for (const name of await input.listFolders(accountRoot)) {
      if (expectedById.has(name)) continue;
      ownerFinding(`${accountRoot}${name}/`, ACCOUNT_FOLDER.test(name) ? "an account TrailProof does not know in this organization (scan the organization to include it)" : "not an account id");
    }
  }

  const chains: PlannedChain[] = [];
  for (const account of input.expected) {
    if (input.onlyAccounts && !input.onlyAccounts.includes(account.accountId)) continue;
    const digestRoot = `${accountRoot}${account.accountId}/CloudTrail-Digest/`;
    const found = await input.listFolders(digestRoot);
    const regions = new Set<string>(account.regions ?? []);
    for (const name of found) {
      if (!REGION_FOLDER.test(name)) {
        unexpected.push({ accountId: account.accountId, region: trail.homeRegion, prefix: `${digestRoot}${name}/`, why: "not a region name" });
      } else if (account.regions === null) {
        regions.add(name); // no scan recorded this account's regions: the folders are all there is to go on
      } else if (!regions.has(name)) {
        unexpected.push({ accountId: account.accountId, region: name, prefix: `${digestRoot}${name}/`, why: "a region the trail does not log in this account, as the latest scan saw it" });
      }
    }
    for (const region of [...regions].sort()) {
      if (!input.onlyRegions || input.onlyRegions.includes(region)) chains.push({ accountId: account.accountId, region });
    }
  }
  return { accountRoot, chains, unexpected };
}
