import { expect, test } from "vitest";
import { DEFAULT_LOG_CONCURRENCY, logConcurrency } from "@/lib/services/integrity/log-concurrency";

test("log concurrency: the default, a valid override, and nonsense ignored", () => {
  expect(logConcurrency({})).toBe(DEFAULT_LOG_CONCURRENCY);
  expect(logConcurrency({ TRAILPROOF_LOG_CONCURRENCY: "1" })).toBe(1);
  expect(logConcurrency({ TRAILPROOF_LOG_CONCURRENCY: "0" })).toBe(DEFAULT_LOG_CONCURRENCY);
  expect(logConcurrency({ TRAILPROOF_LOG_CONCURRENCY: "many" })).toBe(DEFAULT_LOG_CONCURRENCY);
});
