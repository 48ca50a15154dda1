import { describe, expect, test } from "vitest";
import { CODE_STATUS, heatmapCode } from "@/lib/data/heatmap-rows";

// The checklist heatmap's one-letter codes travel to the browser: every status, the excepted one included, must come
// back as itself.
describe("heatmap codes", () => {
  test.each(["fail", "excepted", "error", "pass", "not_applicable"])("%s round-trips", (status) => {
    expect(CODE_STATUS[heatmapCode(status)]).toBe(status);
  });
  test("no result is '-'", () => {
    expect(heatmapCode(undefined)).toBe("-");
    expect(CODE_STATUS["-"]).toBe("none");
  });
  test("excepted has its own letter, not fail's or error's", () => {
    expect(heatmapCode("excepted")).toBe("x");
  });
});
