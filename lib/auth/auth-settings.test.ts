import { describe, expect, test } from "vitest";
import { appHref, parseRoleMap, readOidcSettings, rolesForGroups, safeReturnTo } from "@/lib/auth/auth-settings";

const FULL = {
  OIDC_ISSUER: "https://id.example.com",
  OIDC_CLIENT_ID: "trailproof",
  OIDC_CLIENT_SECRET: "s3cret",
  APP_URL: "https://trailproof.example.com/",
  AUTH_SECRET: "x".repeat(32),
  OIDC_ROLE_MAP: "viewer=readers,admin=secops-admins;root",
};

describe("sign-in settings from the environment", () => {
  test("nothing set is local mode", () => {
    expect(readOidcSettings({})).toBeNull();
    expect(readOidcSettings({ HOSTNAME: "0.0.0.0", OIDC_ISSUER: "  " })).toBeNull();
  });

  test("everything set gives the settings with defaults", () => {
    const settings = readOidcSettings(FULL)!;
    expect(settings.issuer.href).toBe("https://id.example.com/");
    expect(settings.sessionMaxAgeSeconds).toBe(8 * 3600);
    expect(settings.groupsClaim).toBe("groups");
    expect(settings.allowHttp).toBe(false);
    expect(appHref(settings, "/api/auth/callback")).toBe("https://trailproof.example.com/api/auth/callback");
    expect(settings.roleMap.get("root")).toEqual(["admin"]);
  });

  test("half a configuration is an error naming what is missing, never local mode", () => {
    expect(() => readOidcSettings({ OIDC_ISSUER: FULL.OIDC_ISSUER })).toThrow(/OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, APP_URL, AUTH_SECRET, OIDC_ROLE_MAP missing/);
  });

  test.each([
    [{ AUTH_SECRET: "short" }, /AUTH_SECRET must be at least 32/],
    [{ APP_URL: "not a url" }, /APP_URL must be an absolute URL/],
    [{ OIDC_ISSUER: "http://id.example.com" }, /OIDC_ISSUER must be an https URL/],
    [{ APP_URL: "http://10.0.0.5:3000" }, /APP_URL must be an https URL/],
    [{ APP_URL: "http://10.0.0.5:3000", OIDC_ALLOW_HTTP: "true" }, /APP_URL must be an https URL \(OIDC_ALLOW_HTTP=true allows http on 127.0.0.1/],
    [{ AUTH_SESSION_MAX_AGE: "10" }, /AUTH_SESSION_MAX_AGE/],
    [{ OIDC_ROLE_MAP: "superuser=all" }, /unknown role "superuser"/],
  ])("refuses %o", (change, message) => {
    expect(() => readOidcSettings({ ...FULL, ...change })).toThrow(message);
  });

  test("plain http only when explicitly allowed (the local test provider)", () => {
    const settings = readOidcSettings({ ...FULL, OIDC_ISSUER: "http://127.0.0.1:9000", APP_URL: "http://127.0.0.1:3000", OIDC_ALLOW_HTTP: "true" })!;
    expect(settings.allowHttp).toBe(true);
    expect(appHref(settings, "/x")).toBe("http://127.0.0.1:3000/x");
  });
});

describe("groups to roles", () => {
  test("several groups per role, several roles per group, in role order, unknown groups ignored", () => {
    const map = parseRoleMap(" admin=ops , viewer=all;ops, auditor=audit ");
    expect(rolesForGroups(map, ["ops"])).toEqual(["viewer", "admin"]);
    expect(rolesForGroups(map, ["audit", "stranger"])).toEqual(["auditor"]);
    expect(rolesForGroups(map, ["stranger"])).toEqual([]);
  });

  test.each(["", "viewer", "=ops", "viewer=", ","])("refuses the map %j", (text) => {
    expect(() => parseRoleMap(text)).toThrow(/OIDC_ROLE_MAP/);
  });
});

describe("where sign-in may return to", () => {
  test.each([
    ["/trails/1?x=2", "/trails/1?x=2"],
    [null, "/"],
    ["https://evil.example/", "/"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
  ])("%j → %j", (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });
});
