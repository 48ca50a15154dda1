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

test("an account whose failures are all excepted is listed under excepted, not under fail, and sorts by its score with exceptions", async ({ page }) => {
  // Two accounts failing the same critical check beside a critical pass (score 50 each, stored by the scan); an active
  // exception covers the check in Root/Sandbox: dev-sandbox shows no failing cell and scores 100 with exceptions.
  await withDatabase(async (client) => {
    await client.query(
      `INSERT INTO accounts (id, name, ou_path, updated_at) VALUES
         ('111111111111', 'dev-sandbox', 'Root/Sandbox/Dev', now()),
         ('222222222222', 'payments-prod', 'Root/Workloads', now())`,
    );
    const scan = await client.query<{ id: string }>("INSERT INTO scan_runs (id, trigger, status) VALUES (gen_random_uuid(), 'e2e', 'succeeded') RETURNING id");
    const scanId = scan.rows[0]!.id;
    await client.query(`INSERT INTO scan_accounts (scan_id, account_id, status, score) VALUES ($1, '111111111111', 'succeeded', 50), ($1, '222222222222', 'succeeded', 50)`, [scanId]);
    for (const account of ["111111111111", "222222222222"]) {
      const trail = await client.query<{ id: string }>(
        `INSERT INTO trails (id, arn, name, account_id, home_region, is_multi_region) VALUES (gen_random_uuid(), $1, 'main', $2, 'us-east-1', true) RETURNING id`,
        [`arn:aws:cloudtrail:us-east-1:${account}:trail/main`, account],
      );
      await client.query(
        `INSERT INTO check_results (scan_id, account_id, trail_id, check_id, status, severity, reason) VALUES
           ($1, $2, $3, 'logging_enabled', 'pass', 'critical', 'logging'), ($1, $2, $3, 'multi_region', 'fail', 'critical', 'single region')`,
        [scanId, account, trail.rows[0]!.id],
      );
    }
    await client.query(
      `INSERT INTO exceptions (id, scope, check_id, ou_path, justification, owner, created_at, expires_at, proposed_by, proposed_by_name, approved_by, approved_by_name, approved_at)
       VALUES (gen_random_uuid(), 'organizational_unit', 'multi_region', 'Root/Sandbox', 'Sandbox accounts log one region (cost)', 'Platform team',
               now() - interval '1 day', now() + interval '30 days', 'otto', 'Otto Operator', 'ada', 'Ada Admin', now() - interval '1 day')`,
    );
  });
  const accountRows = () => page.getByRole("table", { name: /Accounts/ }).getByRole("row");

  // Through the form: the status the filter offers for excepted cells.
  await page.goto("/");
  await page.getByRole("combobox", { name: "Status", exact: true }).selectOption("excepted");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=excepted/);
  await expect(accountRows()).toHaveCount(2); // header + dev-sandbox
  await expect(accountRows().nth(1)).toContainText("dev-sandbox");
  await expect(page.getByText("1 of 2 accounts")).toBeVisible();

  await page.goto("/?status=fail");
  await expect(accountRows()).toHaveCount(2);
  await expect(accountRows().nth(1)).toContainText("payments-prod");

  // Worst first by the score the page leads with: payments-prod 50, then dev-sandbox 100 (by name, or by the scores
  // without exceptions, both 50, dev-sandbox would come first).
  await page.goto("/?sort=score");
  await expect(accountRows()).toHaveCount(3);
  await expect(accountRows().nth(1)).toContainText("payments-prod");
  await expect(accountRows().nth(2)).toContainText("100 / 100 (50 / 100 without exceptions)");
  await page.screenshot({ path: "test-results/screens/overview-excepted-sort.png", fullPage: true });
});

test("the health endpoint reports the database reachable", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "ok" });
});
