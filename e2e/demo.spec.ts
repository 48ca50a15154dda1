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
