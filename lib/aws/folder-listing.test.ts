import { expect, test } from "vitest";
import type { AwsClients } from "@/lib/aws/clients";
import { FolderListing } from "@/lib/aws/trail-files";

// A bucket writer can fill a log folder with junk: the listing keeps a bounded number of objects and counts the rest.
test("past its cap a listing counts objects instead of keeping them, across folders and pages", async () => {
  const pages: Record<string, { Contents: { Key: string; ETag: string; Size: number }[]; NextContinuationToken?: string }[]> = {
    "logs/2026/01/02/": [{ Contents: [{ Key: "logs/2026/01/02/a", ETag: '"1"', Size: 1 }, { Key: "logs/2026/01/02/b", ETag: '"2"', Size: 1 }], NextContinuationToken: "t" }, { Contents: [{ Key: "logs/2026/01/02/c", ETag: '"3"', Size: 1 }] }],
    "logs/2026/01/01/": [{ Contents: [{ Key: "logs/2026/01/01/d", ETag: '"4"', Size: 1 }, { Key: "logs/2026/01/01/e", ETag: '"5"', Size: 1 }] }],
  };
  const served = new Map<string, number>();
  const clients = {
    s3: () => ({
      send: async (command: { input: { Prefix: string } }) => {
        const n = served.get(command.input.Prefix) ?? 0;
        served.set(command.input.Prefix, n + 1);
        return pages[command.input.Prefix]![n];
      },
    }),
  } as unknown as Pick<AwsClients, "s3">;
  // Four of the five objects are kept, whichever folder's page came in first (folders are listed a few at once).
  const listing = new FolderListing(clients, "us-east-1", "bucket", ["logs/2026/01/01/", "logs/2026/01/02/"], 4);
  const all = await listing.all;
  expect(all.size).toBe(4);
  expect(listing.overflow).toBe(1);
  expect(await listing.identity("logs/2026/01/02/a")).toMatchObject({ etag: '"1"', size: 1 });
});
