import { expect, test } from "vitest";
import { redact } from "@/lib/db/provide";

test.each([
  { label: "password", url: "postgresql://user:s3cret@db:5432/app", expected: "postgresql://user:***@db:5432/app" },
  { label: "no password", url: "postgresql://user@db/app", expected: "postgresql://user@db/app" },
  { label: "garbage", url: "not a url", expected: "(unparsable URL)" },
])("redact hides the $label", ({ url, expected }) => {
  expect(redact(url)).toBe(expected);
});
