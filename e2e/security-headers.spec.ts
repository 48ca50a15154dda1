import { expect, test } from "@playwright/test";

// Every response carries the security headers (next.config.mjs), and the pages still work under the CSP: no
// violation is reported while they load and hydrate, and the listener that would report one is proven to work.

const EXPECTED = {
  "content-security-policy": /default-src 'self'.*frame-ancestors 'none'/,
  "x-frame-options": /^DENY$/,
  "x-content-type-options": /^nosniff$/,
  "referrer-policy": /^same-origin$/,
};

for (const path of ["/", "/api/health"]) {
  test(`${path} answers with the security headers, and HSTS only behind https`, async ({ request }) => {
    const plain = await request.get(path);
    for (const [name, value] of Object.entries(EXPECTED)) expect(plain.headers()[name]).toMatch(value);
    expect(plain.headers()["strict-transport-security"]).toBeUndefined();
    const tls = await request.get(path, { headers: { "x-forwarded-proto": "https" } });
    expect(tls.headers()["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  });
}

test("pages load and hydrate under the CSP with no violation", async ({ page }) => {
  const violations: string[] = [];
  await page.exposeFunction("reportViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => void (window as unknown as { reportViolation(t: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  for (const path of ["/", "/integrity", "/evidence", "/audit", "/settings"]) {
    await page.goto(path, { waitUntil: "networkidle" });
    // React attaches its root to the document when it hydrates; an inline script blocked by the CSP stops that.
    expect(await page.evaluate(() => Object.keys(document).some((k) => k.startsWith("__reactContainer")))).toBe(true);
  }
  expect(violations).toEqual([]);
  // The control: a script from another origin, which the policy forbids, is reported by the same listener.
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.src = "https://scripts.example.invalid/x.js";
    document.head.append(script);
  });
  await expect.poll(() => violations).toEqual(["script-src-elem https://scripts.example.invalid/x.js"]);
});
