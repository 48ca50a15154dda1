import { describe, expect, test } from "vitest";
import { flaggedFile, reportFixture } from "@/lib/services/evidence/report-fixture";
import { PDF_FLAGGED_LIMIT } from "@/lib/services/evidence/report-model";
import { FILES_PER_PAGE, listedCounts, renderReportHtml, tocEntries } from "@/lib/services/evidence/render-html";

const manifest = { sha256: "c".repeat(64), text: `${"d".repeat(64)}  evidence.json\n` };

describe("renderReportHtml", () => {
  test("escapes every value taken from the database", () => {
    const html = renderReportHtml({ model: reportFixture(), manifest });
    expect(html).toContain("Key &lt;b&gt;AWS&lt;/b&gt; managed, &quot;quoted&quot;");
    expect(html).not.toContain("<b>AWS</b>");
  });

  test("prints the manifest hash on the cover and in the manifest section", () => {
    const html = renderReportHtml({ model: reportFixture(), manifest });
    expect(html.split(manifest.sha256).length - 1).toBe(2);
  });

  test("links every table-of-contents entry to an element with its id, and fills in the pages it is given", () => {
    const model = reportFixture();
    const pages = new Map(tocEntries(model).map((e, i) => [e.id, i + 3]));
    const html = renderReportHtml({ model, manifest, pages });
    for (const entry of tocEntries(model)) {
      expect(html).toContain(`href="#${entry.id}"`);
      expect(html).toContain(`id="${entry.id}"`);
    }
    expect(html).toMatch(/<td class="pg">3<\/td>/);
  });

  test.each([
    ["one page", 1, 1],
    ["exactly a page", FILES_PER_PAGE, 1],
    ["a page and one row", FILES_PER_PAGE + 1, 2],
  ])("file list, %s: one table per page, and the skeleton has one blank block per table", (_label, count, tables) => {
    const model = reportFixture(Array.from({ length: count }, (_, i) => flaggedFile(i)));
    expect(renderReportHtml({ model, manifest }).match(/<table class="files">/g)).toHaveLength(tables);
    const skeleton = renderReportHtml({ model, manifest, skeleton: true });
    expect(skeleton.match(/class="files-blank"/g)).toHaveLength(tables);
    expect(skeleton).not.toContain('<table class="files">');
  });

  test("lists at most PDF_FLAGGED_LIMIT files in all, and says where the rest are", () => {
    const model = reportFixture(Array.from({ length: PDF_FLAGGED_LIMIT + 5 }, (_, i) => flaggedFile(i)));
    expect(listedCounts(model)).toEqual([PDF_FLAGGED_LIMIT]);
    const html = renderReportHtml({ model, manifest, skeleton: true });
    expect(html).toContain(`The first ${PDF_FLAGGED_LIMIT} of ${PDF_FLAGGED_LIMIT + 5} are listed here`);
    expect(html).toContain("files.csv in the evidence bundle lists every one");
  });

  test("says so when every file is valid", () => {
    expect(renderReportHtml({ model: reportFixture([]), manifest })).toContain("none, every digest and log file in the window is valid");
  });
});
