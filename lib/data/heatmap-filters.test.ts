import { describe, expect, test } from "vitest";
import { parseHeatmapFilters } from "@/lib/data/heatmap-filters";

describe("parseHeatmapFilters (the overview's URL)", () => {
  test.each([
    { label: "excepted, the status of covered failures", params: { status: "excepted" }, status: "excepted" },
    { label: "fail, as before", params: { status: "fail" }, status: "fail" },
    { label: "not_applicable", params: { status: "not_applicable" }, status: "not_applicable" },
    { label: "an unknown status is ignored, not an error page", params: { status: "suppressed" }, status: undefined },
    { label: "the first of repeated parameters", params: { status: ["excepted", "fail"] }, status: "excepted" },
  ])("$label", ({ params, status }) => {
    expect(parseHeatmapFilters(params).status).toBe(status);
  });

  test("old URLs keep their meaning: sort and page", () => {
    expect(parseHeatmapFilters({ status: "fail", sort: "score", page: "2" })).toEqual({ ou: undefined, region: undefined, q: undefined, status: "fail", sort: "score", page: 2 });
  });
});
