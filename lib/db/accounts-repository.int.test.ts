import { afterAll, beforeEach, expect, test } from "vitest";
import { listAccountAccess, saveAccountAccess } from "@/lib/db/accounts-repository";
import { resetDatabase, testPrisma } from "@/lib/testing/database";

const prisma = testPrisma();
beforeEach(() => resetDatabase());
afterAll(() => prisma.$disconnect());

test("an added account takes its id as its name; a change reports what changed and never the ExternalId", async () => {
  const added = await saveAccountAccess(prisma, { id: "111122223333", roleName: "Audit", externalId: "ext-secret-1", regions: [] });
  expect(added).toEqual({ created: true, changed: ["created"], before: null });
  expect(await listAccountAccess(prisma)).toMatchObject([{ id: "111122223333", name: "111122223333", roleName: "Audit", externalIdSet: true, source: "configured" }]);

  const kept = await saveAccountAccess(prisma, { id: "111122223333", roleName: "Audit", regions: [] });
  expect(kept.changed).toEqual([]);
  expect((await prisma.account.findUniqueOrThrow({ where: { id: "111122223333" } })).externalId).toBe("ext-secret-1");

  const changed = await saveAccountAccess(prisma, { id: "111122223333", name: "payments", roleName: "Audit2", externalId: null, regions: ["eu-west-1"] });
  expect(changed).toEqual({ created: false, changed: ["name", "roleName", "externalId", "regions"], before: { name: "111122223333", roleName: "Audit", regions: [], externalIdSet: true } });
  expect(JSON.stringify(changed)).not.toContain("ext-secret-1");
  expect(await listAccountAccess(prisma)).toMatchObject([{ name: "payments", externalIdSet: false, regions: ["eu-west-1"] }]);
});
