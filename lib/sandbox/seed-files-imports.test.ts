import { expect, test } from "vitest";
import { loadedModules } from "@/lib/testing/import-graph";

// Issue 13 §4: the demo manifest's expectations must not be TrailProof's validator judging itself. The modules that
// decide verdicts (chain walk, digest and log checks, strict findings, the report) may not be loaded by the file
// seeder at all; the expectations come from tamper-intent.ts and expected-validation.ts.

const VALIDATOR = [
  "lib/core/integrity/validate-logs.ts",
  "lib/core/integrity/chain-walk.ts",
  "lib/core/integrity/chain-plan.ts",
  "lib/core/integrity/digest-check.ts",
  "lib/core/integrity/log-check.ts",
  "lib/core/integrity/log-hash.ts",
  "lib/core/integrity/strict-findings.ts",
  "lib/core/integrity/report.ts",
];

test("the check sees the validator where it is loaded (so it can fail)", () => {
  expect(loadedModules("lib/services/integrity/stored-validation.ts")).toEqual(expect.arrayContaining(VALIDATOR));
});

test.each(["lib/sandbox/seed-files.ts", "lib/sandbox/expected-validation.ts", "lib/sandbox/manifest.ts"])("%s never loads the validator", (entry) => {
  const loaded = loadedModules(entry);
  expect(loaded).toContain(entry);
  expect(loaded.filter((file) => VALIDATOR.includes(file))).toEqual([]);
});
