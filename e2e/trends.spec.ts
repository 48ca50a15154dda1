import { expect, test } from "@playwright/test";
import { e2eDatabaseUrl, resetDatabase, withDatabase } from "./support/database";
import { manifest } from "./support/manifest";
import { registerDemoAccounts } from "@/lib/sandbox/demo-accounts";

// Trends after two scans of the demo organization (Scan now, twice, on an emptied database): the charts render with data and
// their tables hold the numbers. The expected score is worked out here from the raw check results of every account's
// latest scan with the weights written by hand (critical 10, high 5, medium 3, low 1), not from the trends' rollup.

const WEIGHTS: Record<string, number> = { critical: 10, high: 5, medium: 3, low: 1, informational: 0 };
const today = () => new Date().toISOString().slice(0, 10);

async function latestResults(accountId?: string) {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ status: string; severity: string; n: number }>(
      `WITH latest AS (
         SELECT DISTINCT ON (sa.account_id) sa.account_id, sa.scan_id FROM scan_accounts sa JOIN scan_runs r ON r.id = sa.scan_id
         ORDER BY sa.account_id, r.created_at DESC)
       SELECT cr.status::text AS status, cr.severity::text AS severity, count(*)::int AS n
       FROM check_results cr JOIN latest l ON l.scan_id = cr.scan_id AND l.account_id = cr.account_id
       WHERE $1::text IS NULL OR cr.account_id = $1
       GROUP BY 1, 2`,
      [accountId ?? null],
    );
    let earned = 0;
    let possible = 0;
    const failing: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0, informational: 0 };
    for (const { status, severity, n } of rows) {
      if (status === "pass") earned += WEIGHTS[severity]! * n;
      if (status === "pass" || status === "fail") possible += WEIGHTS[severity]! * n;
      if (status === "fail") failing[severity] = n;
    }
    return { score: ((100 * earned) / possible).toFixed(1), failing };
  });
}

test.beforeAll(async () => {
  test.setTimeout(480_000);
  // Two scans of our own on an emptied database, whatever earlier specs left: let the runs they started end first.
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
  await registerDemoAccounts(e2eDatabaseUrl(), manifest());
});

const succeededScans = () => withDatabase(async (client) => (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM scan_runs WHERE status = 'succeeded'")).rows[0]!.n);

test("after two scans the trend charts render with data, and their tables show the numbers", async ({ page }) => {
  test.setTimeout(300_000);
  for (const scans of [1, 2]) {
    await page.goto("/");
    await page.getByRole("button", { name: "Scan now" }).click();
    await expect(page.getByRole("form", { name: "Scan" }).getByRole("status")).toContainText("Scan queued");
    await expect.poll(succeededScans, { timeout: 120_000, intervals: [1_000] }).toBe(scans);
  }

  await page.goto("/");
  const trends = page.getByRole("region", { name: "Trends" });
  await expect(trends.getByRole("figure", { name: "Score" })).toBeVisible();
  // Today has a score: its line point has a dot (days with a scan), drawn in the chart's SVG.
  await expect(page.getByTestId("org-trend-score-chart").locator("svg circle").first()).toBeVisible();
  await expect(page.getByTestId("org-trend-failing-chart").locator("svg .recharts-bar-rectangle").first()).toBeVisible();

  const organization = await latestResults();
  await trends.getByText(/The numbers/).click();
  const todayRow = page.getByTestId("org-trend-table").getByRole("row").filter({ hasText: today() });
  const accounts = manifest().accounts.length;
  const expectedCells = [organization.score, `${accounts} / ${accounts}`, ...["critical", "high", "medium", "low", "informational"].map((s) => String(organization.failing[s]))];
  for (const [i, text] of expectedCells.entries()) await expect(todayRow.getByRole("cell").nth(i)).toHaveText(text);
  // The figure's description names today's score, for a screen reader.
  await expect(trends.getByRole("figure", { name: "Score" })).toHaveAccessibleDescription(new RegExp(`score ${Math.round(Number(organization.score))} / 100 on ${today()}`));
  await page.screenshot({ path: "test-results/screens/overview-trends.png", fullPage: true });

  // What changed this week: the demo was first scanned this week, so its failures are new, each linking to its check.
  const paymentsDev = manifest().accounts.find((a) => a.name === "payments-dev")!;
  await expect(page.getByTestId("week-changes").locator(`a[href="/accounts/${paymentsDev.id}#check-multi_region"]`)).toBeVisible();

  // The account page: the same charts over one account; its score as the scan's own scoring stored it.
  await page.goto(`/accounts/${paymentsDev.id}?trend=90`);
  const accountTrends = page.getByRole("region", { name: "Trends" });
  await expect(accountTrends.getByRole("link", { name: "90 days" })).toHaveAttribute("aria-current", "true");
  await accountTrends.getByText(/The numbers \(90 days\)/).click();
  const stored = await withDatabase(
    async (client) =>
      (
        await client.query<{ score: number }>(
          "SELECT sa.score FROM scan_accounts sa JOIN scan_runs r ON r.id = sa.scan_id WHERE sa.account_id = $1 ORDER BY r.created_at DESC LIMIT 1",
          [paymentsDev.id],
        )
      ).rows[0]!.score,
  );
  const account = await latestResults(paymentsDev.id);
  expect(account.score).toBe(stored.toFixed(1));
  const accountRow = page.getByTestId("account-trend-table").getByRole("row").filter({ hasText: today() });
  await expect(accountRow.getByRole("cell").first()).toHaveText(account.score);
  await expect(accountRow.getByRole("cell").nth(1)).toHaveText("yes");
  await expect(page.getByTestId("account-trend-score-chart").locator("svg circle").first()).toBeVisible();
  await page.screenshot({ path: "test-results/screens/account-trends.png", fullPage: true });
});
