import { DescribeRegionsCommand } from "@aws-sdk/client-ec2";
import {
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  ListParentsCommand,
  paginateListAccounts,
} from "@aws-sdk/client-organizations";
import type { AwsClients } from "@/lib/aws/clients";

export interface OrganizationAccount {
  id: string;
  name: string;
  email: string | null;
  status: string;
  ouPath: string;
}

/** Every account of the organization, from the management (or delegated administrator) account. */
export async function listOrganizationAccounts(clients: AwsClients): Promise<{ organizationId: string; accounts: OrganizationAccount[] }> {
  const organizations = clients.organizations();
  const { Organization } = await organizations.send(new DescribeOrganizationCommand({}));
  const ouNames = new Map<string, string>();
  const ouName = async (id: string): Promise<string> => {
    if (!ouNames.has(id)) {
      const { OrganizationalUnit } = await organizations.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: id }));
      ouNames.set(id, OrganizationalUnit?.Name ?? id);
    }
    return ouNames.get(id)!;
  };
  // "Root/Security/Prod": the chain of parents, read upwards (at most five levels deep in AWS Organizations).
  const ouPath = async (childId: string): Promise<string> => {
    const names: string[] = [];
    let current = childId;
    for (let depth = 0; depth < 6; depth++) {
      const parent = (await organizations.send(new ListParentsCommand({ ChildId: current }))).Parents?.[0];
      if (!parent?.Id || parent.Type === "ROOT") break;
      names.unshift(await ouName(parent.Id));
      current = parent.Id;
    }
    return ["Root", ...names].join("/");
  };

  const accounts: OrganizationAccount[] = [];
  for await (const page of paginateListAccounts({ client: organizations }, {})) {
    for (const account of page.Accounts ?? []) {
      if (!account.Id) continue;
      accounts.push({
        id: account.Id,
        name: account.Name ?? account.Id,
        email: account.Email ?? null,
        status: account.State ?? account.Status ?? "ACTIVE",
        ouPath: await ouPath(account.Id),
      });
    }
  }
  return { organizationId: Organization?.Id ?? "", accounts };
}

/**
 * Regions enabled for the account (opted-in or not requiring opt-in), in the partition we ask in (aws). AWS answers
 * exactly that to AllRegions=false; the filters make sure of it, because a multi-region trail is expected to deliver
 * a digest chain in every region listed here, and a region it cannot log in would read as a deleted chain.
 */
export async function listEnabledRegions(clients: AwsClients): Promise<string[]> {
  const { Regions } = await clients.ec2("us-east-1").send(new DescribeRegionsCommand({ AllRegions: false }));
  return (Regions ?? [])
    .filter((r) => r.OptInStatus !== "not-opted-in")
    .map((r) => r.RegionName ?? "")
    .filter((name) => name && !OTHER_PARTITIONS.test(name))
    .sort();
}

/** China, GovCloud and the isolated regions are other partitions: never enabled for an account of this one. */
const OTHER_PARTITIONS = /^(cn|us-gov|us-iso[a-z]?|eu-isoe)-/;
