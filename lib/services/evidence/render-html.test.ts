import { describe, expect, test } from "vitest";
import { activityOf, auditEvent, flaggedFile, reportFixture } from "@/lib/services/evidence/report-fixture";
import { PDF_AUDIT_LIMIT, PDF_FLAGGED_LIMIT } from "@/lib/services/evidence/report-model";
import { detailSummary, FILES_PER_PAGE, listedCounts, renderReportHtml, tocEntries } from "@/lib/services/evidence/render-html";

const manifest = { sha256: "c".repeat(64), text: `${"d".repeat(64)}  evidence.json\n` };

describe("renderReportHtml", () => {
  test("escapes every value taken from the database", () => {
    const html = renderReportHtml({ model: reportFixture(), manifest });
    expect(html).toContain("Key &lt;b&gt;AWS&lt;/b&gt; managed, &quot;quoted&quot;");
    expect(html).not.toContain("<b>AWS</b>");
  });

  test("lists the window's alerts in the summary, with who acknowledged them and why", () => {
    const html = renderReportHtml({ model: reportFixture(), manifest });
    const summary = html.slice(html.indexOf('id="summary"'), html.indexOf('id="checklist"'));
    expect(summary).toContain("Alerts in this window");
    expect(summary).toContain("INVALID log file f0.json.gz");
    expect(summary).toContain("acknowledged by Olivia Operator: restore from the replica under way");
    expect(renderReportHtml({ model: { ...reportFixture(), alerts: [] }, manifest })).toContain("No alert was open during this window.");
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

/** The HTML of the activity section alone. */
function activitySection(html: string): string {
  const start = html.indexOf('<section class="major" id="activity">');
  expect(start).toBeGreaterThan(0);
  return html.slice(start, html.indexOf("</section>", start));
}

describe("the activity (audit trail) section", () => {
  test("comes after integrity and before methodology, numbered alike in the contents and the headings", () => {
    const model = reportFixture();
    const html = renderReportHtml({ model, manifest });
    const majors = tocEntries(model).filter((e) => e.level === 1);
    expect(majors.map((e) => e.title)).toEqual(["1 Summary", "2 Checklist per trail", "3 Log file integrity", "4 Activity (audit trail)", "5 Methodology", "6 Bundle manifest"]);
    for (const entry of majors) expect(html).toContain(`<section class="major" id="${entry.id}"><h2>${entry.title}</h2>`);
    const at = (id: string) => html.indexOf(`<section class="major" id="${id}">`);
    expect(at("integrity")).toBeLessThan(at("activity"));
    expect(at("activity")).toBeLessThan(at("methodology"));
    expect(html).toContain("see section 6 to verify");
  });

  test("lists each event: when, who with id and roles, action, outcome, target, detail and source IP", () => {
    const event = auditEvent(7, { outcome: "refused", roles: ["viewer", "auditor"], detail: { reason: "requires the validate permission" }, sourceIp: "198.51.100.4" });
    const section = activitySection(renderReportHtml({ model: reportFixture([], [event]), manifest }));
    for (const text of ["2026-11-30 02:00:07 UTC", "Alice Auditor", "oidc|alice", "viewer, auditor", "validation.request", 'class="badge s-refused"', event.target!, "reason: requires the validate permission", "198.51.100.4"]) expect(section).toContain(text);
  });

  test("escapes hostile targets, details and names", () => {
    const event = auditEvent(1, { target: '<script>alert("t")</script>', detail: { error: "<img src=x onerror=alert(1)>" }, actorName: "<b>Mallory</b>", outcome: '"><i>' });
    const section = activitySection(renderReportHtml({ model: reportFixture([], [event]), manifest }));
    expect(section).toContain("&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;");
    expect(section).toContain("error: &lt;img src=x onerror=alert(1)&gt;");
    expect(section).toContain("&lt;b&gt;Mallory&lt;/b&gt;");
    expect(section).not.toMatch(/<script|<img|<b>Mallory|<i>/);
  });

  test("says so when nothing was recorded", () => {
    const html = renderReportHtml({ model: reportFixture([], []), manifest });
    expect(activitySection(html)).toContain("Nothing was recorded in this window.");
    expect(activitySection(html)).not.toContain("<table");
    expect(html).toContain("<tr><td>Audit trail</td><td>0 events (section 4)</td></tr>");
  });

  test("the summary counts refused and failed actions", () => {
    const events = [auditEvent(1), auditEvent(2, { outcome: "refused" }), auditEvent(3, { outcome: "refused" }), auditEvent(4, { outcome: "failed" }), auditEvent(5, { outcome: "joined" })];
    expect(renderReportHtml({ model: reportFixture([], events), manifest })).toContain("<tr><td>Audit trail</td><td>5 events, of which 2 refused and 1 failed (section 4)</td></tr>");
  });

  test("lists at most PDF_AUDIT_LIMIT events, and says the bundle has them all", () => {
    const events = Array.from({ length: PDF_AUDIT_LIMIT + 3 }, (_, i) => auditEvent(i));
    const section = activitySection(renderReportHtml({ model: reportFixture([], events), manifest }));
    expect(section.match(/<tr><td>/g)).toHaveLength(PDF_AUDIT_LIMIT);
    expect(section).toContain(`The first ${PDF_AUDIT_LIMIT} of ${PDF_AUDIT_LIMIT + 3} are listed here`);
    expect(section).toContain("audit.csv in the evidence bundle lists every one");
  });

  test("says when even the bundle's copy is truncated", () => {
    const model = { ...reportFixture([], []), activity: activityOf([auditEvent(1), auditEvent(2)], 250_000) };
    const section = activitySection(renderReportHtml({ model, manifest }));
    expect(section).toContain("<b>The first 2 of 250000 are listed here</b>");
    expect(section).toContain("audit.csv in the evidence bundle lists the first 2 (it is truncated");
  });

  test("a detail is its fields on one line, long ones cut", () => {
    expect(detailSummary({ runId: "r-1", full: false, windows: [1, 2] })).toBe("runId: r-1; full: false; windows: [1,2]");
    expect(detailSummary({})).toBe("");
    expect(detailSummary({ error: "x".repeat(1000) })).toHaveLength(240);
  });
});

describe("exceptions in the report", () => {
  test("the summary lists each exception with approver, dates and justification (escaped), and both scores", () => {
    const html = renderReportHtml({ model: reportFixture(), manifest });
    const summary = html.slice(html.indexOf('id="summary"'), html.indexOf('id="checklist"'));
    expect(summary).toContain("<h3>Exceptions in this window</h3>");
    expect(summary).toContain("kms_cmk in account 111111111111");
    expect(summary).toContain("Legacy key, &lt;replaced&gt; in Q1");
    expect(summary).toContain("Ada Admin");
    expect(summary).toContain("Otto Operator");
    // One high fail: 0 without exceptions; with it excepted nothing is decided, so no score.
    expect(summary).toMatch(/Score with exceptions<\/td><td><b>[^<]*<\/b> \(1 excepted fail out of both sums/);
  });
  test("an excepted result keeps its real status and says who excepted it until when", () => {
    const html = renderReportHtml({ model: reportFixture(), manifest });
    const checklist = html.slice(html.indexOf('id="checklist"'));
    expect(checklist).toContain("excepted by Ada Admin until 2026-12-31: Legacy key, &lt;replaced&gt; in Q1");
  });
  test("no exception: said so", () => {
    expect(renderReportHtml({ model: { ...reportFixture(), exceptions: [] }, manifest })).toContain("No exception applied during this window");
  });
});
