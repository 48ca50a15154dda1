import http from "node:http";
import { expect, test } from "@playwright/test";
import { E2E_PORT } from "@/playwright.config";

// Local mode: no sign-in, the person at 127.0.0.1 is the administrator, so only requests addressed to the loopback
// are served. A page on another site that rebinds its name to 127.0.0.1 still sends its own name as Host and Origin.

function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port: E2E_PORT, path, headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
  });
}

test("the local administrator's TrailProof answers only requests addressed to the loopback (no DNS rebinding)", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByText("Local mode · Local administrator")).toBeVisible();
  expect((await get("/", { host: `127.0.0.1:${E2E_PORT}` })).status).toBe(200);
  expect((await get("/", { host: `localhost:${E2E_PORT}` })).status).toBe(200);
  const rebound = await get("/audit", { host: `evil.example:${E2E_PORT}` });
  expect(rebound.status).toBe(403);
  expect(rebound.body).toContain("answers only requests addressed to 127.0.0.1");
  expect((await get("/", { host: `127.0.0.1:${E2E_PORT}`, origin: "http://evil.example" })).status).toBe(403);
});
