import { describe, expect, test } from "vitest";
import { readOidcSettings } from "@/lib/auth/auth-settings";
import { sealToken, unsealToken } from "@/lib/auth/sealed-token";
import { actorOf, cookieSettings, readSession, sealSession, type Session } from "@/lib/auth/session";

const base = {
  OIDC_ISSUER: "https://id.example.com",
  OIDC_CLIENT_ID: "trailproof",
  OIDC_CLIENT_SECRET: "s3cret",
  APP_URL: "https://trailproof.example.com",
  AUTH_SECRET: "a".repeat(40),
  OIDC_ROLE_MAP: "viewer=readers",
  AUTH_SESSION_MAX_AGE: "3600",
};
const settings = readOidcSettings(base)!;
const alice: Session = { sub: "alice", name: "Alice", roles: ["viewer"] };

describe("the session cookie", () => {
  test("round-trips and names the actor by the provider's subject", async () => {
    const session = await readSession(settings, await sealSession(settings, alice));
    expect(session).toEqual(alice);
    expect(actorOf(session!)).toEqual({ id: "oidc:alice", name: "Alice", roles: ["viewer"], mode: "oidc" });
  });

  test("expires after the absolute lifetime, whatever the browser keeps", async () => {
    const signedIn = new Date("2026-12-01T08:00:00Z");
    const cookie = await sealSession(settings, alice, signedIn);
    expect(await readSession(settings, cookie, new Date("2026-12-01T08:59:59Z"))).not.toBeNull();
    expect(await readSession(settings, cookie, new Date("2026-12-01T09:00:01Z"))).toBeNull();
  });

  test("a tampered cookie, another secret's cookie or a sign-in transaction cookie is no session", async () => {
    const cookie = await sealSession(settings, alice);
    const flipped = cookie.slice(0, -5) + (cookie.at(-5) === "A" ? "B" : "A") + cookie.slice(-4);
    expect(await readSession(settings, flipped)).toBeNull();
    const other = readOidcSettings({ ...base, AUTH_SECRET: "b".repeat(40) })!;
    expect(await readSession(other, cookie)).toBeNull();
    const tx = await sealToken({ ...alice }, settings.authSecret, "oidc-tx", 600);
    expect(await readSession(settings, tx)).toBeNull();
    expect(await unsealToken(cookie, settings.authSecret, "oidc-tx")).toBeNull();
    expect(await readSession(settings, undefined)).toBeNull();
    expect(await readSession(settings, "garbage")).toBeNull();
  });

  test("a sealed payload without a role is no session (nobody is signed in with nothing to do)", async () => {
    const cookie = await sealToken({ ...alice, roles: [] }, settings.authSecret, "session", 600);
    expect(await readSession(settings, cookie)).toBeNull();
  });

  test("a session stays far below the browser's 4 KB cookie limit, whoever signs in", async () => {
    const cookie = await sealSession(settings, { sub: "x".repeat(255), name: "n".repeat(200), roles: ["viewer", "operator", "auditor", "admin"] });
    expect(cookie.length).toBeLessThan(1500);
  });

  test("cookies are __Host- and Secure on https, HttpOnly and SameSite=Lax always", () => {
    expect(cookieSettings(settings, "session", 60)).toEqual({
      name: "__Host-trailproof-session",
      options: { httpOnly: true, secure: true, sameSite: "lax", path: "/", maxAge: 60 },
    });
    const http = readOidcSettings({ ...base, APP_URL: "http://127.0.0.1:3000", OIDC_ISSUER: "http://127.0.0.1:9000", OIDC_ALLOW_HTTP: "true" })!;
    expect(cookieSettings(http, "oidc-tx", 600).name).toBe("trailproof-oidc-tx");
    expect(cookieSettings(http, "oidc-tx", 600).options.secure).toBe(false);
  });
});
