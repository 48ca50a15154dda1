import { expect, test } from "vitest";
import type { AwsClients } from "@/lib/aws/clients";
import { listEnabledRegions } from "@/lib/aws/collectors/organization";

// The emulator lists every region it knows, opt-in and other partitions included; AWS lists only enabled ones. What
// a multi-region trail is expected to log must be the latter, whoever answers.
test("regions not opted in and other partitions' regions are not enabled regions", async () => {
  const answer = {
    Regions: [
      { RegionName: "us-east-1", OptInStatus: "opt-in-not-required" },
      { RegionName: "eu-west-1", OptInStatus: "opt-in-not-required" },
      { RegionName: "af-south-1", OptInStatus: "not-opted-in" },
      { RegionName: "me-central-1", OptInStatus: "opted-in" },
      { RegionName: "cn-north-1", OptInStatus: "opt-in-not-required" },
      { RegionName: "us-gov-west-1", OptInStatus: "opt-in-not-required" },
      { RegionName: "us-isob-east-1" },
      { RegionName: "ap-south-1" },
    ],
  };
  const clients = { ec2: () => ({ send: async () => answer }) } as unknown as AwsClients;
  expect(await listEnabledRegions(clients)).toEqual(["ap-south-1", "eu-west-1", "me-central-1", "us-east-1"]);
});
