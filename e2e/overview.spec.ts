import { expect, test } from "@playwright/test";
import { resetDatabase, withDatabase } from "./support/database";

test.beforeEach(async () => {
  await resetDatabase();
});

test("with no accounts, the overview says what happens next", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Accounts overview" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No accounts yet" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/overview-empty.png", fullPage: true });
});

test("accounts in the database appear with their latest score", async ({ page }) => {
  await withDatabase(async (client) => {
    await client.query(
      `INSERT INTO accounts (id, name, ou_path, updated_at) VALUES
         ('111111111111', 'payments-prod', 'Root/Workloads', now()),
         ('222222222222', 'log-archive', 'Root/Security', now())`,
    );
    const scan = await client.query<{ id: string }>(
      "INSERT INTO scan_runs (id, trigger, status) VALUES (gen_random_uuid(), 'e2e', 'succeeded') RETURNING id",
    );
    await client.query(
      `INSERT INTO scan_accounts (scan_id, account_id, status, score) VALUES ($1, '111111111111', 'succeeded', 87.4)`,
      [scan.rows[0]!.id],
    );
  });

  await page.goto("/");
  const rows = page.getByRole("table", { name: /Accounts/ }).getByRole("row");
  await expect(rows).toHaveCount(3); // header + two accounts
  await expect(rows.nth(1)).toContainText("log-archive");
  await expect(rows.nth(1)).toContainText("not scanned");
  await expect(rows.nth(2)).toContainText("payments-prod");
  await expect(rows.nth(2)).toContainText("111111111111");
  await expect(rows.nth(2)).toContainText("87 / 100");
  await page.screenshot({ path: "test-results/screens/overview-accounts.png", fullPage: true });
});

test("the health endpoint reports the database reachable", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "ok" });
});
