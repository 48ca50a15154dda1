import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { SandboxManifest } from "@/lib/sandbox/manifest";
import { E2E_DATA_DIR } from "@/playwright.config";

function manifest(): SandboxManifest {
  const dir = path.join(E2E_DATA_DIR, "sandbox");
  const file = fs.readdirSync(dir).find((name) => name.startsWith("manifest-"));
  if (!file) throw new Error(`no sandbox manifest in ${dir}`);
  return JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as SandboxManifest;
}

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

test("Scan now scores every demo account and lists its failing checks", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  await page.getByRole("button", { name: "Scan now" }).click();
  await expect(page.getByRole("status")).toContainText("Scanned 7 accounts and 6 trails", { timeout: 90_000 });
  const rowOf = (name: string) => page.getByRole("table", { name: /Accounts/ }).getByRole("row").filter({ hasText: name });
  // payments-dev: a single-region trail with none of the controls, and a bucket anyone can read.
  for (const check of ["multi_region", "log_file_validation", "kms_cmk", "bucket_not_public"]) {
    await expect(rowOf("payments-dev")).toContainText(check);
  }
  await expect(rowOf("security-audit")).toContainText("100 / 100");
  await expect(rowOf("security-audit")).toContainText("none");
  await page.screenshot({ path: "test-results/screens/overview-scanned.png", fullPage: true });
});
