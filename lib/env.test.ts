import { describe, expect, test } from "vitest";
import { readEnv } from "@/lib/env";

describe("readEnv", () => {
  test("no configuration gives the embedded defaults", () => {
    expect(readEnv({})).toEqual({ PORT: 3000, HOSTNAME: "127.0.0.1", TRAILPROOF_PG_PORT: 54329, TRAILPROOF_SANDBOX_PORT: 4566, TRAILPROOF_DEMO: "0", TRAILPROOF_DEMO_DELIVERY: "1", TRAILPROOF_SCHEDULES: "1", TRAILPROOF_DELIVERY_RETENTION_DAYS: 90, TRAILPROOF_WEBHOOK_PRIVATE: "0" });
  });

  test.each([
    { label: "postgresql scheme", url: "postgresql://u:p@db:5432/x" },
    { label: "postgres scheme", url: "postgres://u:p@db/x" },
  ])("accepts DATABASE_URL with a $label", ({ url }) => {
    expect(readEnv({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });

  test.each([
    { label: "another database's URL", env: { DATABASE_URL: "mysql://u@h/x" }, message: /DATABASE_URL must start with postgresql:\/\// },
    { label: "a port that is not a number", env: { PORT: "abc" }, message: /PORT/ },
    { label: "a port out of range", env: { PORT: "70000" }, message: /PORT/ },
    { label: "a retention of no days", env: { TRAILPROOF_DELIVERY_RETENTION_DAYS: "0" }, message: /TRAILPROOF_DELIVERY_RETENTION_DAYS/ },
    { label: "a private-webhook switch that is not 0 or 1", env: { TRAILPROOF_WEBHOOK_PRIVATE: "yes" }, message: /TRAILPROOF_WEBHOOK_PRIVATE/ },
  ])("rejects $label with a message naming the setting", ({ env, message }) => {
    expect(() => readEnv(env)).toThrow(message);
  });

  test("an empty DATABASE_URL is an error, not the embedded default", () => {
    expect(() => readEnv({ DATABASE_URL: "  " })).toThrow(/DATABASE_URL/);
  });
});
