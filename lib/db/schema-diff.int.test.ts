import { expect, test } from "vitest";
import { diffMigrationsAgainstSchema } from "@/lib/db/schema-diff";
import { serverUrl } from "@/lib/testing/database";

// Guards against editing schema.prisma without `npm run db:new-migration`: the migrations, applied to an empty
// database, must produce exactly what schema.prisma describes.
test("prisma/migrations produce exactly schema.prisma", async () => {
  const sql = await diffMigrationsAgainstSchema(serverUrl());
  expect(sql, `schema.prisma has changes no migration applies; run npm run db:new-migration -- <name>:\n${sql}`).toBe("");
});
