import { describe, expect, test } from "vitest";
import { awscliLogBehaviour } from "@/lib/services/integrity/awscli-compat";

describe("awscliLogBehaviour (TRAILPROOF_AWSCLI_COMPAT)", () => {
  test.each([
    { value: undefined, behaviour: "1.45.12" },
    { value: "", behaviour: "1.45.12" },
    { value: "1.45.11", behaviour: "1.45.11" },
    { value: "1.44.99", behaviour: "1.45.11" },
    { value: "1.29.0", behaviour: "1.45.11" },
    { value: "1.45.12", behaviour: "1.45.12" },
    { value: " 1.45.55 ", behaviour: "1.45.12" },
    { value: "1.46.0", behaviour: "1.45.12" },
  ])("$value -> $behaviour", ({ value, behaviour }) => {
    expect(awscliLogBehaviour(value)).toBe(behaviour);
  });

  test.each(["2.27.0", "latest", "1.45", "v1.45.11"])("%s is refused with the variable's name", (value) => {
    expect(() => awscliLogBehaviour(value)).toThrow(/TRAILPROOF_AWSCLI_COMPAT must be an AWS CLI v1 version/);
  });
});
