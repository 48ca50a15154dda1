import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { withDatabase } from "@/e2e/support/database";

// Settings → Notifications in the real app: the administrator adds a signed webhook, sends a test that reaches a real
// receiver (started here, checking the signature with its own HMAC), sees the answer, and the secret never comes back.

const SECRET = "e2e-webhook-secret-0123456789";

test("an administrator adds a webhook, sends a test that arrives signed, and the secret is never shown again", async ({ page }) => {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const receiver = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/e2e-hook`;
  try {
    await page.goto("/settings");
    const section = page.getByRole("region", { name: "Notifications" });
    await section.getByLabel("Webhook", { exact: true }).check();
    await section.getByLabel("URL", { exact: true }).fill(url);
    await section.getByLabel(/Signing secret/).fill(SECRET);
    await section.getByRole("button", { name: "Add channel" }).click();
    await expect(section.getByText("Webhook channel added.")).toBeVisible();

    const row = section.getByRole("row").filter({ hasText: "http://127.0.0.1" });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole("cell", { name: "set", exact: true })).toBeVisible();
    await row.getByRole("button", { name: "Send test" }).click();
    await expect(row.getByText("Delivered (HTTP 200).")).toBeVisible();

    expect(received).toHaveLength(1);
    const [, t, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(received[0]!.headers["x-trailproof-signature"]))!;
    expect(timingSafeEqual(createHmac("sha256", SECRET).update(`${t}.${received[0]!.body}`).digest(), Buffer.from(mac!, "hex"))).toBe(true);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: "trailproof.alerts", test: true });

    // Neither the page nor the stored row nor the audit trail holds the secret.
    await page.reload();
    expect(await page.content()).not.toContain(SECRET);
    await withDatabase(async (client) => {
      const rows = JSON.stringify((await client.query("SELECT c.*, (SELECT json_agg(a) FROM audit_events a WHERE a.action = 'settings.notification') AS audit FROM notification_channels c")).rows);
      expect(rows).toContain("settings.notification");
      expect(rows).not.toContain(SECRET);
    });

    await section.getByRole("row").filter({ hasText: "http://127.0.0.1" }).getByRole("button", { name: "Remove" }).click();
    await expect(section.getByText("No channel yet")).toBeVisible();
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
  }
});
