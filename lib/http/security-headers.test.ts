import { expect, test } from "vitest";
import { HSTS, securityHeaders } from "@/lib/http/security-headers.mjs";

// The header builder by itself; e2e/security-headers.spec.ts checks the served responses and that pages hydrate.

test("production: a CSP that allows this origin only and no framing, plus nosniff, DENY and no referrer", () => {
  const headers = Object.fromEntries(securityHeaders({ dev: false }));
  expect(headers).toEqual({
    "Content-Security-Policy":
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
  });
  expect(headers["Content-Security-Policy"]).not.toContain("unsafe-eval");
});

test("development adds only what the dev server needs: eval for React's dev tools and its websocket", () => {
  const csp = Object.fromEntries(securityHeaders({ dev: true }))["Content-Security-Policy"];
  expect(csp).toContain("script-src 'self' 'unsafe-inline' 'unsafe-eval'");
  expect(csp).toContain("connect-src 'self' ws: wss:");
});

test("HSTS is a year with subdomains (sent only behind https: next.config.mjs's `has` condition)", () => {
  expect(HSTS).toEqual(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);
});
