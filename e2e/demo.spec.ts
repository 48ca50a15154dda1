import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { holdTable, withDatabase } from "./support/database";
import { firstStartSettled } from "./support/first-start";
import { manifest } from "./support/manifest";
import { pdfText } from "@/lib/testing/pdf-text";

/** Waits for the first start's scan and validations (e2e/support/first-start.ts). */
const firstStartDone = () =>
  firstStartSettled((sql) => withDatabase(async (client) => (await client.query(sql)).rows), manifest().trails.filter((t) => t.logFileValidation).length);

test("with no AWS configuration, the overview shows the labelled demo organization", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("note", { name: "Demo organization" })).toContainText("local AWS emulator");
  const table = page.getByRole("table", { name: /Accounts/ });
  for (const account of manifest().accounts) {
    const row = table.getByRole("row").filter({ hasText: account.id });
    await expect(row).toContainText(account.name);
    await expect(row).toContainText(account.ouPath);
  }
  await page.screenshot({ path: "test-results/screens/overview-demo.png", fullPage: true });
});

test("the first start scanned the demo organization and validated its trails with log file validation on, as jobs", async ({ page }) => {
  test.setTimeout(420_000);
  // The e2e database outlives a run of the suite: these are the runs of its very first start (lib/jobs/first-start.ts).
  const runs = await firstStartDone();
  expect(runs.trailsWithVerdicts).toBeGreaterThan(0);
  await page.goto("/");
  // Readable column headers: words, with the check id on hover.
  const header = page.getByRole("columnheader", { name: "Public access block" });
  await expect(header).toBeVisible();
  await expect(header).toHaveAttribute("title", /^bucket_public_access_block: /);
  await page.screenshot({ path: "test-results/screens/overview-first-start.png", fullPage: true });
});

test("Scan now queues a scan, shows its progress and then every account's checklist", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  await page.getByRole("button", { name: "Scan now" }).click();
  await expect(page.getByRole("form", { name: "Scan" }).getByRole("status")).toContainText(/Scan queued|already queued or running/);
  await expect(page.getByTestId("scan-progress")).toHaveAttribute("data-status", "succeeded", { timeout: 90_000 });
  await expect(page.getByTestId("scan-progress")).toContainText("7 of 7 accounts");
  const cell = (account: string, check: string) => page.getByRole("link", { name: `${account} ${check}:` });
  // payments-dev: a single-region trail with none of the controls, and a bucket anyone can read.
  for (const check of ["multi_region", "log_file_validation", "kms_cmk", "bucket_not_public"]) {
    await expect(cell("payments-dev", check)).toHaveAttribute("data-status", "fail");
  }
  const securityAudit = page.getByRole("table", { name: /Accounts/ }).getByRole("row").filter({ hasText: "security-audit" });
  await expect(securityAudit).toContainText("100 / 100");
  await expect(securityAudit.locator('[data-status="fail"]')).toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/overview-scanned.png", fullPage: true });

  // Filters are in the URL: only accounts with a failing check, worst score first.
  await page.getByLabel("Status", { exact: true }).selectOption("fail");
  await page.getByLabel("Sort by", { exact: true }).selectOption("score");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=fail/);
  await expect(page.getByRole("table", { name: /Accounts/ }).getByRole("row").filter({ hasText: "security-audit" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Validate \d+ accounts/ })).toBeVisible();

  // Keyboard: arrow keys move across the heatmap's cells.
  await page.goto("/");
  await page.waitForLoadState("networkidle"); // the grid's key handling arrives with hydration
  const first = page.locator('[data-cell="0:0"]');
  await first.focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.locator('[data-cell="0:1"]')).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.locator('[data-cell="1:1"]')).toBeFocused();
});

test("an account page shows every check of its trails with reason, evidence and remediation", async ({ page }) => {
  const account = manifest().accounts.find((a) => a.name === "payments-dev")!;
  await page.goto(`/accounts/${account.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "payments-dev" })).toBeVisible();
  // The heatmap's cell links here: the row with the worst status for the check, once on the page.
  await expect(page.locator("#check-multi_region")).toHaveCount(1);
  const multiRegion = page.locator("#check-multi_region");
  await expect(multiRegion).toContainText("fail");
  await expect(multiRegion.getByText("Evidence")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/account.png", fullPage: true });
});

test("Validate now on a tampered trail: one run for a double click, progress that survives a reload, then every tampered file with its reason", async ({ page }) => {
  test.setTimeout(180_000);
  const m = manifest();
  const trail = m.trails.find((t) => t.key === "payments-trail")!;
  const chains = (m.integrity as { chains: { trailKey: string; files: { key: string; type: string; awscli: string }[] }[] }).chains.filter((c) => c.trailKey === trail.key);
  const tampered = chains.flatMap((c) => c.files.filter((f) => f.awscli !== "valid"));
  expect(tampered.length).toBeGreaterThan(2);

  await page.goto(`/accounts/${trail.accountId}`);
  await page.getByRole("heading", { level: 2 }).getByRole("link", { name: trail.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: trail.name })).toBeVisible();
  const button = page.getByRole("button", { name: "Validate now" });
  // A first-start validation of this trail still running would be joined: the counts below are of this test's runs.
  await firstStartDone();
  // The e2e database outlives a run of the suite: count only the runs this test makes.
  const since = new Date();
  const runCount = async () =>
    (await withDatabase((client) => client.query("SELECT count(*)::int AS n FROM validation_runs v JOIN trails t ON t.id = v.trail_id WHERE t.arn = $1 AND v.created_at >= $2", [trail.arn, since]))).rows[0].n;
  // Since the first start validated this trail, a run re-checks only what changed and can finish in a second: before
  // the third click, or before the reload below. The run is held at its start instead: starting deletes the run's old
  // findings (startValidationRun), which waits while this test holds the findings table; the request path never
  // writes there. Released once the clicks and the reload are checked.
  const hold = await holdTable("findings");
  try {
    await button.dblclick();
    await expect(page.getByTestId("validation-progress")).toHaveCount(1);
    expect(await runCount()).toBe(1);
    // A third click while it runs joins it too: this request's outcome in the audit trail.
    const requests = async () =>
      (await withDatabase((client) => client.query("SELECT outcome FROM audit_events WHERE action = 'validation.request' AND target = $1 AND at >= $2 ORDER BY at, id", [trail.arn, since]))).rows.map((r) => r.outcome as string);
    const before = (await requests()).length;
    await button.click();
    await expect(page.getByRole("form", { name: "Validate" }).getByRole("status")).toContainText(/already running|queued/);
    await expect.poll(async () => (await requests()).length).toBe(before + 1);
    expect((await requests()).at(-1)).toBe("joined");

    await page.reload();
    const progress = page.getByTestId("validation-progress");
    await expect(progress).toBeVisible(); // the run is found again from the database, not from the page's memory
    await page.screenshot({ path: "test-results/screens/trail-validating.png", fullPage: true });
  } finally {
    await hold.release();
  }
  await expect(page.getByRole("table", { name: "INVALID and missing files of the last 30 days" })).toBeVisible({ timeout: 150_000 });
  const table = page.getByRole("table", { name: "INVALID and missing files of the last 30 days" });
  for (const file of tampered) {
    const row = table.getByRole("row").filter({ hasText: file.key });
    await expect(row).toHaveCount(1);
    if (file.awscli === "hash-mismatch") await expect(row).toContainText("hash value doesn't match");
    if (file.awscli === "not-found") await expect(row).toContainText("missing");
    if (file.awscli === "signature-failed") await expect(row).toContainText("signature verification failed");
  }
  expect(await runCount()).toBe(1);
  await page.screenshot({ path: "test-results/screens/trail-validated.png", fullPage: true });

  // Drill down: a tampered log file's own page, with both hashes and the digest that lists it.
  const mismatch = tampered.find((f) => f.awscli === "hash-mismatch")!;
  await table.locator('a[href^="/files/"]', { hasText: mismatch.key }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(mismatch.key);
  await expect(page.getByText("Expected SHA-256 (digest)")).toBeVisible();
  await expect(page.getByText("Listed by digest")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/file.png", fullPage: true });

  // The run's page and the integrity heatmap show it too.
  await page.goto("/integrity");
  await expect(page.locator(`a[href^="/accounts/${trail.accountId}/integrity"][data-status="invalid"]`).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screens/integrity.png", fullPage: true });
});

test("Export evidence on the validated trail: the PDF names every tampered file with its reason", async ({ page }) => {
  test.setTimeout(180_000);
  const m = manifest();
  const trail = m.trails.find((t) => t.key === "payments-trail")!;
  const chains = (m.integrity as { chains: { trailKey: string; files: { key: string; awscli: string }[] }[] }).chains.filter((c) => c.trailKey === trail.key);
  const tampered = chains.flatMap((c) => c.files.filter((f) => f.awscli !== "valid"));
  await page.goto(`/accounts/${trail.accountId}`);
  await page.getByRole("heading", { level: 2 }).getByRole("link", { name: trail.name }).click();
  // The account page has an export form too: wait for the trail's page before using it.
  await expect(page.getByRole("heading", { level: 1, name: trail.name })).toBeVisible();
  const form = page.getByRole("form", { name: "Export evidence" });
  await form.getByRole("button", { name: "Export evidence" }).click();
  const pdfLink = form.getByRole("link", { name: "Download PDF" });
  await expect(pdfLink).toBeVisible({ timeout: 150_000 });
  const downloading = page.waitForEvent("download");
  await pdfLink.click();
  const pdf = await (await downloading).path();
  const text = (await pdfText(fs.readFileSync(pdf))).replace(/\s+/g, "");
  for (const file of tampered) {
    // Long URIs wrap across lines: compare without whitespace.
    expect(text, file.key).toContain(file.key.replace(/\s+/g, ""));
  }
  expect(text).toContain("hashvaluedoesn'tmatch");
  expect(text).toContain("signatureverificationfailed");
});
