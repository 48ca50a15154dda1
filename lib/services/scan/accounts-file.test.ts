import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { readAccountsFile } from "@/lib/services/scan/accounts-file";

function file(content: string): string {
  const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "accounts-")), "accounts.json");
  fs.writeFileSync(target, content);
  return target;
}

test("reads a valid list", () => {
  const entries = readAccountsFile(file(JSON.stringify([{ id: "111122223333", name: "prod", regions: ["eu-west-1"] }, { id: "444455556666" }])));
  expect(entries).toEqual([{ id: "111122223333", name: "prod", regions: ["eu-west-1"] }, { id: "444455556666" }]);
});

test.each([
  { label: "not JSON", content: "{", message: /cannot read accounts file .*JSON/ },
  { label: "an empty list", content: "[]", message: /the list lists no accounts/ },
  { label: "a short account id", content: '[{"id":"123"}]', message: /entry 0\.id must be a 12-digit AWS account id/ },
  { label: "a made-up region", content: '[{"id":"111122223333","regions":["mars"]}]', message: /entry 0\.regions\.0 must be a region name/ },
  { label: "a role name with spaces", content: '[{"id":"111122223333","roleName":"my role"}]', message: /entry 0\.roleName must be an IAM role name/ },
])("refuses $label with a message naming the entry", ({ content, message }) => {
  expect(() => readAccountsFile(file(content))).toThrow(message);
});
