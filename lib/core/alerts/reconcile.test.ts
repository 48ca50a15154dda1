import { describe, expect, test } from "vitest";
import { EMPTY_LINKS, type AlertState, type KnownAlert, type Problem } from "@/lib/core/alerts/problem";
import { reconcileAlerts } from "@/lib/core/alerts/reconcile";

const problem = (key: string): Problem => ({
  key,
  kind: "file-invalid",
  severity: "critical",
  title: key,
  reason: "hash value doesn't match",
  accountId: "111111111111",
  region: "us-east-1",
  trailArn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/t",
  s3Uri: null,
  objectTime: null,
  ...EMPTY_LINKS,
});

const alert = (id: string, key: string, state: AlertState): KnownAlert => ({
  id,
  key,
  kind: "file-invalid",
  state,
  runKind: "validation",
  accountId: "111111111111",
  region: "us-east-1",
  trailArn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/t",
  s3Uri: null,
  objectTime: null,
});

describe("reconcileAlerts", () => {
  test.each([
    { label: "a new problem opens an alert", known: [], found: ["a"], visible: true, expected: { open: ["a"], reopen: [], touch: [], resolve: [] } },
    { label: "the same problem twice in one run opens one alert", known: [], found: ["a", "a"], visible: true, expected: { open: ["a"], reopen: [], touch: [], resolve: [] } },
    { label: "a problem found again touches its open alert", known: [alert("1", "a", "open")], found: ["a"], visible: true, expected: { open: [], reopen: [], touch: ["1"], resolve: [] } },
    { label: "an acknowledged alert is touched, not reopened", known: [alert("1", "a", "acknowledged")], found: ["a"], visible: true, expected: { open: [], reopen: [], touch: ["1"], resolve: [] } },
    { label: "a problem back after resolution reopens its alert", known: [alert("1", "a", "resolved")], found: ["a"], visible: true, expected: { open: [], reopen: ["1"], touch: [], resolve: [] } },
    { label: "not found where the run looked: resolved", known: [alert("1", "a", "open")], found: [], visible: true, expected: { open: [], reopen: [], touch: [], resolve: ["1"] } },
    { label: "an acknowledged alert resolves like an open one", known: [alert("1", "a", "acknowledged")], found: [], visible: true, expected: { open: [], reopen: [], touch: [], resolve: ["1"] } },
    { label: "not found where the run did not look: left alone", known: [alert("1", "a", "open")], found: [], visible: false, expected: { open: [], reopen: [], touch: [], resolve: [] } },
    { label: "a resolved alert is not resolved again", known: [alert("1", "a", "resolved")], found: [], visible: true, expected: { open: [], reopen: [], touch: [], resolve: [] } },
  ])("$label", ({ known, found, visible, expected }) => {
    const changes = reconcileAlerts(known, { problems: found.map(problem), couldSee: () => visible });
    expect({
      open: changes.open.map((p) => p.key),
      reopen: changes.reopen.map((r) => r.id),
      touch: changes.touch.map((t) => t.id),
      resolve: changes.resolve,
    }).toEqual(expected);
  });
});
