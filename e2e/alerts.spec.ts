import { expect, test } from "@playwright/test";
import { resetDatabase, withDatabase } from "./support/database";

// Acknowledging an alert in the UI, and the audit trail showing it. Local mode: the person at 127.0.0.1 is the
// administrator, who may acknowledge like an operator (lib/auth/roles.ts; the role table is unit-tested).

const ALERT_ID = "00000000-0000-4000-8000-00000000a1e7";
const URI = "s3://trail-logs/AWSLogs/111111111111/CloudTrail/us-east-1/2026/03/01/111111111111_CloudTrail_us-east-1_20260301T1005Z_e2e.json.gz";

test.beforeEach(async () => {
  // The first start's runs raise alerts when they end: let them finish before emptying the database under them.
  await expect
    .poll(
      () =>
        withDatabase(async (client) => {
          const { rows } = await client.query<{ active: number }>(
            `SELECT (SELECT count(*)::int FROM scan_runs WHERE status IN ('queued', 'running')) + (SELECT count(*)::int FROM validation_runs WHERE status IN ('queued', 'running')) AS active`,
          );
          return rows[0]!.active;
        }),
      { timeout: 400_000, intervals: [2_000] },
    )
    .toBe(0);
  await resetDatabase();
  await withDatabase(async (client) => {
    await client.query(`INSERT INTO accounts (id, name, updated_at) VALUES ('111111111111', 'payments-prod', now())`);
    await client.query(
      `INSERT INTO alerts (id, key, kind, severity, state, title, reason, account_id, region, s3_uri, run_kind, run_id, first_seen, last_seen)
       VALUES ($1, $2, 'file-invalid', 'critical', 'open', 'INVALID log file e2e.json.gz', 'hash value doesn''t match', '111111111111', 'us-east-1', $3,
               'validation', gen_random_uuid(), now() - interval '2 hours', now())`,
      [ALERT_ID, `file-invalid|${URI}`, URI],
    );
  });
});

test("an alert is acknowledged with a comment, and the audit trail shows who did it and why", async ({ page }) => {
  await page.goto("/alerts");
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  await expect(page.getByTestId("open-alerts")).toHaveText("1 open");
  const row = page.getByRole("row").filter({ hasText: "INVALID log file e2e.json.gz" });
  await expect(row).toContainText(URI);
  await expect(row.getByRole("link", { name: "account 111111111111" })).toHaveAttribute("href", "/accounts/111111111111");

  const form = row.getByRole("form", { name: "Acknowledge: INVALID log file e2e.json.gz" });
  await form.getByLabel("Comment").fill("restoring from the replica bucket; ticket SEC-42");
  await form.getByRole("button", { name: "Acknowledge" }).click();
  // The action revalidates the page: the row shows its new state in place of the form.
  await expect(row).toContainText("by Local administrator");
  await expect(row.getByRole("form")).toHaveCount(0);

  await page.reload();
  const acknowledged = page.getByRole("row").filter({ hasText: "INVALID log file e2e.json.gz" });
  await expect(acknowledged).toContainText("acknowledged");
  await expect(acknowledged).toContainText("restoring from the replica bucket; ticket SEC-42");
  await expect(page.getByTestId("open-alerts")).toHaveCount(0);

  await page.goto("/audit");
  const event = page.getByRole("table", { name: "Audit events" }).getByRole("row").filter({ hasText: "alert.acknowledge" });
  await expect(event).toHaveCount(1);
  await expect(event).toContainText(ALERT_ID);
  await expect(event).toContainText("succeeded");
  await expect(event).toContainText("restoring from the replica bucket; ticket SEC-42");
});

test("an empty comment is refused with a reason, and the alert stays open", async ({ page }) => {
  await page.goto(`/alerts/${ALERT_ID}`);
  const form = page.getByRole("form", { name: "Acknowledge: INVALID log file e2e.json.gz" });
  // Past the browser's own check (required, minlength), the server's: two characters are not a reason.
  await form.getByLabel("Comment").evaluate((element) => element.removeAttribute("minlength"));
  await form.getByLabel("Comment").fill("ok");
  await form.getByRole("button", { name: "Acknowledge" }).click();
  await expect(form.getByRole("alert")).toContainText("say why in a few words");
  await page.reload();
  await expect(page.getByTestId("open-alerts")).toHaveText("1 open");
});
