import { describe, expect, test } from "vitest";
import { planChains, type ChainPlanInput } from "@/lib/core/integrity/chain-plan";

// What the bucket shows is only ever reported; the chains come from the expected accounts and regions. Each case
// lists the bucket's folders and the chains and findings a person would expect, written by hand.

const ORG = "o-abcdefghij";
const OWNER = "111111111111";
const MEMBER = "222222222222";

function input(folders: Record<string, string[]>, overrides: Partial<ChainPlanInput> = {}): ChainPlanInput {
  return {
    trail: { accountId: OWNER, homeRegion: "us-east-1", isOrganizationTrail: true },
    root: "AWSLogs/",
    organizationId: ORG,
    expected: [
      { accountId: OWNER, regions: ["eu-west-1", "us-east-1"] },
      { accountId: MEMBER, regions: ["eu-west-1", "us-east-1"] },
    ],
    listFolders: async (prefix) => folders[prefix] ?? [],
    ...overrides,
  };
}

const digestRoot = (account: string) => `AWSLogs/${ORG}/${account}/CloudTrail-Digest/`;

describe("planChains", () => {
  test("every expected chain is walked, even one whose folders were deleted", async () => {
    const plan = await planChains(input({ "AWSLogs/": [ORG], [`AWSLogs/${ORG}/`]: [OWNER], [digestRoot(OWNER)]: ["us-east-1"] }));
    expect(plan.accountRoot).toBe(`AWSLogs/${ORG}/`);
    expect(plan.chains).toEqual([
      { accountId: OWNER, region: "eu-west-1" },
      { accountId: OWNER, region: "us-east-1" },
      { accountId: MEMBER, region: "eu-west-1" },
      { accountId: MEMBER, region: "us-east-1" },
    ]);
    expect(plan.unexpected).toEqual([]);
  });

  test.each([
    { name: "a decoy that sorts first", folder: "o-!", why: "an organization folder other than this organization's (o-abcdefghij)" },
    { name: "another well-formed organization", folder: "o-zzzzzzzzzz", why: "an organization folder other than this organization's (o-abcdefghij)" },
  ])("$name is reported and not followed", async ({ folder, why }) => {
    const plan = await planChains(input({ "AWSLogs/": [folder, ORG] }));
    expect(plan.accountRoot).toBe(`AWSLogs/${ORG}/`);
    expect(plan.unexpected).toEqual([{ accountId: OWNER, region: "us-east-1", prefix: `AWSLogs/${folder}/`, why }]);
    expect(plan.chains).toHaveLength(4);
  });

  test("account and region folders that are malformed or unknown are findings, not chains", async () => {
    const plan = await planChains(
      input({
        [`AWSLogs/${ORG}/`]: [OWNER, "1234567890123", "333333333333"],
        [digestRoot(OWNER)]: ["us-east-1", "ap-south-1", "../x"],
      }),
    );
    expect(plan.chains.map((c) => `${c.accountId} ${c.region}`)).toEqual([
      `${OWNER} eu-west-1`,
      `${OWNER} us-east-1`,
      `${MEMBER} eu-west-1`,
      `${MEMBER} us-east-1`,
    ]);
    expect(plan.unexpected.map((u) => [u.prefix, u.why])).toEqual([
      [`AWSLogs/${ORG}/1234567890123/`, "not an account id"],
      [`AWSLogs/${ORG}/333333333333/`, "an account TrailProof does not know in this organization (scan the organization to include it)"],
      [`${digestRoot(OWNER)}ap-south-1/`, "a region the trail does not log in this account, as the latest scan saw it"],
      [`${digestRoot(OWNER)}../x/`, "not a region name"],
    ]);
  });

  test("regions no scan recorded: the well-formed folders are all there is", async () => {
    const plan = await planChains(
      input({ [digestRoot(MEMBER)]: ["us-west-2", "Not-A-Region"] }, { expected: [{ accountId: MEMBER, regions: null }] }),
    );
    expect(plan.chains).toEqual([{ accountId: MEMBER, region: "us-west-2" }]);
    expect(plan.unexpected.map((u) => u.why)).toEqual(["not a region name"]);
  });

  test("an account trail: other accounts' folders in a shared bucket are not findings", async () => {
    const plan = await planChains(
      input(
        { "AWSLogs/": [OWNER, MEMBER, "o-abcdefghij"], [`AWSLogs/${OWNER}/CloudTrail-Digest/`]: ["us-east-1"] },
        { trail: { accountId: OWNER, homeRegion: "us-east-1", isOrganizationTrail: false }, organizationId: null, expected: [{ accountId: OWNER, regions: ["us-east-1"] }] },
      ),
    );
    expect(plan.accountRoot).toBe("AWSLogs/");
    expect(plan.chains).toEqual([{ accountId: OWNER, region: "us-east-1" }]);
    expect(plan.unexpected).toEqual([]);
  });

  test("--accounts and --regions narrow the expected chains", async () => {
    const plan = await planChains(input({}, { onlyAccounts: [MEMBER], onlyRegions: ["us-east-1"] }));
    expect(plan.chains).toEqual([{ accountId: MEMBER, region: "us-east-1" }]);
  });

  test("an organization trail without a real organization id does not start", async () => {
    await expect(planChains(input({}, { organizationId: "o-!" }))).rejects.toThrow('the organization id "o-!" is not one AWS Organizations gives');
  });
});
