import { expect, test } from "vitest";
import { isWellFormedTarget, MAX_TARGET_LENGTH } from "@/lib/auth/audit-target";

const TRAIL_ID = "0b7c2f0e-3d2a-4c59-9a53-1f7f1c2b9e10";
const ARN = "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail_1.main";

test.each([
  ["validation.request", `${TRAIL_ID},111122223333`, true],
  ["validation.request", ARN, true], // the record of each run (lib/jobs/requests.ts)
  ["validation.request", "111122223333,organization", false], // a validation request never targets the organization
  ["validation.request", `${TRAIL_ID},`, false],
  ["scan.request", "organization", true],
  ["settings.account", "111122223333", true],
  ["settings.account", "x,111122223333", false],
  ["settings.account", "11112222333", false],
  ["evidence.export", ARN, true],
  ["evidence.export", "organization", true],
  ["evidence.export", "111122223333,organization", false], // one scope, never a list
  ["evidence.export.request", "arn:aws:cloudtrail:eu-west-1:111122223333:trail/a,b", false],
  ["evidence.download", TRAIL_ID, true],
  ["evidence.download", "111111111111,organization", false],
  ["evidence.download", TRAIL_ID.toUpperCase(), false],
  ["settings.notification", TRAIL_ID, true], // a notification channel's id
  ["settings.notification", "111122223333", false],
  ["settings.notification", "https://hooks.example.com/x", false], // never a webhook URL
  ["auth.sign-in", "organization", false], // sign-ins have no target
])("%s with target %j: %s", (action, target, expected) => {
  expect(isWellFormedTarget(action, target)).toBe(expected);
});

test("the longest selection Validate now accepts fits; one character more does not", () => {
  const ids = Array.from({ length: 500 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
  const accounts = Array.from({ length: 1000 }, (_, i) => String(100000000000 + i));
  const target = [...ids, ...accounts].join(",");
  expect(target.length).toBe(MAX_TARGET_LENGTH - 1);
  expect(isWellFormedTarget("validation.request", target)).toBe(true);
  expect(isWellFormedTarget("validation.request", `${target},1${"0".repeat(11)}`)).toBe(false);
});
