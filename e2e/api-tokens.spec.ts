import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { withDatabase } from "@/e2e/support/database";

// Settings → API tokens in the real app, and the real API with Playwright's request client: a token is created and
// shown once, reads /api/v1/accounts (the accounts the database holds, counted here by plain SQL), is counted, is
// revoked in the page, and is refused from then on.

test("a token created in Settings is shown once, reads the API, is counted, and after Revoke gets 401", async ({ page, request }) => {
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "API tokens" });
  await section.getByLabel("Name", { exact: true }).fill("e2e reader");
  await section.getByLabel(/^Role/).selectOption("viewer");
  await section.getByRole("button", { name: "Create token" }).click();
  await expect(section.getByText(/Copy it now: it is not shown again/)).toBeVisible();
  const token = await section.getByLabel("New API token").inputValue();
  expect(token).toMatch(/^tp_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);

  const read = await request.get("/api/v1/accounts?limit=500", { headers: { authorization: `Bearer ${token}` } });
  expect(read.status()).toBe(200);
  const body = (await read.json()) as { data: { id: string }[]; next: string | null };
  const accountIds = await withDatabase(async (client) => (await client.query<{ id: string }>("SELECT id FROM accounts ORDER BY id")).rows.map((r) => r.id));
  expect(accountIds.length).toBeGreaterThan(0);
  expect(body.data.map((a) => a.id)).toEqual(accountIds);
  expect(body.next).toBeNull();
  // The API is read-only: a write is refused whatever the token, before any token is read (so it is not a use).
  expect((await request.post("/api/v1/accounts", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(405);

  // Shown once: a reload has it no more; the database holds its SHA-256 (computed here) and counted the read.
  await page.reload();
  expect(await page.content()).not.toContain(token);
  const stored = await withDatabase(async (client) => (await client.query("SELECT secret_hash, use_count, last_used_at FROM api_tokens WHERE prefix = $1", [token.slice(0, 11)])).rows);
  expect(stored).toHaveLength(1);
  expect(stored[0].secret_hash).toBe(createHash("sha256").update(token).digest("hex"));
  expect(stored[0].use_count).toBe(1);
  expect(stored[0].last_used_at).not.toBeNull();
  const row = section.getByRole("row").filter({ hasText: token.slice(0, 11) });
  await expect(row.getByRole("cell", { name: "1", exact: true })).toBeVisible();
  await expect(row.getByRole("cell", { name: "active", exact: true })).toBeVisible();

  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(section.getByRole("row").filter({ hasText: token.slice(0, 11) }).getByRole("cell", { name: "revoked", exact: true })).toBeVisible();
  const refused = await request.get("/api/v1/accounts", { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { error: string }).error).toMatch(/revoked or expired API token/);

  const audit = await withDatabase(async (client) => (await client.query("SELECT action FROM audit_events WHERE action LIKE 'api-token.%' ORDER BY id")).rows.map((r) => r.action));
  expect(audit.slice(-2)).toEqual(["api-token.create", "api-token.revoke"]);
});
