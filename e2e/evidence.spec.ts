import { createHash } from "node:crypto";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { createPrismaClient } from "@/lib/db/client";
import { SEED, seedEvidence } from "@/lib/services/evidence/seed-evidence";
import { e2eDatabaseUrl, resetDatabase } from "./support/database";

// The Evidence page end to end: export the organization from the UI, download the PDF, find the export listed with
// the PDF's SHA-256.

test.beforeEach(async () => {
  await resetDatabase();
  const prisma = createPrismaClient(e2eDatabaseUrl());
  try {
    await seedEvidence(prisma, 5);
  } finally {
    await prisma.$disconnect();
  }
});

test("Export evidence generates a PDF that downloads and is listed with its hash", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/evidence");
  await expect(page.getByRole("heading", { level: 1, name: "Evidence" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No exports yet" })).toBeVisible();

  const form = page.getByRole("form", { name: "Export evidence" });
  await form.getByLabel("From (UTC)").fill(SEED.window.from.toISOString().slice(0, 10));
  await form.getByLabel("To (UTC, whole day)").fill(SEED.window.from.toISOString().slice(0, 10));
  await form.getByRole("button", { name: "Export evidence" }).click();
  await expect(form.getByRole("button", { name: "Generating…" })).toBeDisabled();
  const pdfLink = form.getByRole("link", { name: "Download PDF" });
  await expect(pdfLink).toBeVisible({ timeout: 90_000 });
  await expect(form.getByRole("status")).toContainText("archive-trail is still running");

  const downloadPromise = page.waitForEvent("download");
  await pdfLink.click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^trailproof-evidence-organization-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.pdf$/);
  const bytes = fs.readFileSync(await download.path());
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");

  await page.reload();
  const rows = page.getByRole("table", { name: "Evidence exports" }).getByRole("row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("local");
  await expect(rows.nth(1)).toContainText("Organization");
  await expect(rows.nth(1)).toContainText(createHash("sha256").update(bytes).digest("hex"));
  await page.screenshot({ path: "test-results/screens/evidence-exports.png", fullPage: true });

  const bundle = await page.request.get(await rows.nth(1).getByRole("link", { name: "bundle" }).getAttribute("href") ?? "");
  expect(bundle.headers()["content-type"]).toBe("application/zip");
  expect(bundle.headers()["content-disposition"]).toMatch(/^attachment; filename="trailproof-evidence-organization-.*\.zip"$/);
});

test("a download of an unknown export is a 404", async ({ request }) => {
  expect((await request.get("/api/exports/00000000-0000-4000-8000-000000000000/pdf")).status()).toBe(404);
  expect((await request.get("/api/exports/not-an-id/bundle")).status()).toBe(404);
});
