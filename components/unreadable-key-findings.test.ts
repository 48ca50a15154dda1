import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { UnreadableKeyFindings } from "@/components/unreadable-key-findings";

const finding = (kind: string, region: string, message: string) => ({ accountId: "111122223333", region, kind, message });

test("the trail page lists each kms-denied finding (one per chain and key) with its whole message, and nothing else", () => {
  const html = renderToStaticMarkup(
    createElement(UnreadableKeyFindings, {
      findings: [
        finding("kms-denied", "eu-west-1", 'could not read: kms:Decrypt denied on key K for role R (3 files of this chain unreadable); add this statement: { "Sid": "S" }'),
        finding("gap", "eu-west-1", "No log files were delivered"),
        finding("kms-denied", "us-east-1", "could not read: kms:Decrypt denied on key K for role R (5 files)"),
      ],
    }),
  );
  expect(html).toContain('aria-label="Could not read"');
  expect(html.match(/<li /g)).toHaveLength(2);
  expect(html).toContain("111122223333 · eu-west-1:");
  expect(html).toContain("could not read: kms:Decrypt denied on key K for role R (3 files of this chain unreadable); add this statement: { &quot;Sid&quot;: &quot;S&quot; }");
  expect(html).not.toContain("No log files were delivered");
});

test("nothing at all without such a finding", () => {
  expect(renderToStaticMarkup(createElement(UnreadableKeyFindings, { findings: [finding("gap", "eu-west-1", "x")] }))).toBe("");
});
