import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchChromium, machineProbes, resolveChromium, type ResolvedChromium } from "@/lib/services/evidence/chromium";
import { printHtml, printReportPdf } from "@/lib/services/evidence/print-pdf";
import { auditEvent, flaggedFile, reportFixture } from "@/lib/services/evidence/report-fixture";
import { pdfText } from "@/lib/testing/pdf-text";

// Printing with the Chromium inside the npm package @sparticuz/chromium, chosen explicitly (not whatever the machine
// has), and read back with pdf.js. And the print's seal: a page whose data carries markup that would fetch from a
// server or run a script does neither. A server on 127.0.0.1 counts every request it receives; the same page printed
// without the seal shows the test can see both.

const onNpmPlatform = process.platform === "linux" && process.arch === "x64";
const manifest = { sha256: "c".repeat(64), text: `${"d".repeat(64)}  evidence.json\n` };

let server: http.Server;
let requested: string[] = [];
let base = "";
let npmBrowser: ResolvedChromium;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requested.push(req.url ?? "");
    res.setHeader("content-type", req.url?.endsWith(".js") ? "text/javascript" : "text/plain");
    res.end(req.url?.endsWith(".js") ? 'document.getElementById("t").textContent = "EXTERNAL SCRIPT RAN";' : "x");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Nothing configured and nothing installed: the resolution falls through to the npm package.
  if (onNpmPlatform) npmBrowser = await resolveChromium({ ...machineProbes(), env: {}, isExecutable: () => false });
}, 120_000);

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Markup that fetches from the counting server in every way a page can, and scripts that would rewrite the text. */
function hostileHtml(): string {
  return `<!doctype html><html><head>
<link rel="stylesheet" href="${base}/link.css">
<style>@import url("${base}/import.css"); body { background: url("${base}/background.png"); }
@font-face { font-family: Remote; src: url("${base}/font.woff2"); } p { font-family: Remote, sans-serif; }</style>
</head><body>
<p id="t">STATIC MARKER</p>
<img src="${base}/image.png"><iframe src="${base}/frame.html"></iframe><object data="${base}/object"></object>
<script src="${base}/script.js"></script>
<script>document.getElementById("t").textContent = "INLINE SCRIPT RAN"; fetch("${base}/fetch");</script>
</body></html>`;
}

describe.skipIf(!onNpmPlatform)("printing with the npm package's Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium(npmBrowser);
  }, 120_000);
  afterAll(() => browser?.close());

  test("the resolution fell through to @sparticuz/chromium", () => {
    expect(npmBrowser.source).toBe("npm");
  });

  test("control: the same page printed without the seal fetches and runs its scripts", async () => {
    requested = [];
    const page = await browser.newPage();
    try {
      await page.setContent(hostileHtml(), { waitUntil: "load" });
      await page.waitForTimeout(300);
      const text = await pdfText(await page.pdf());
      expect(text).toMatch(/SCRIPT RAN/);
    } finally {
      await page.close();
    }
    expect(requested).toEqual(expect.arrayContaining(["/image.png", "/link.css", "/script.js", "/fetch"]));
  });

  test("sealed: nothing is fetched and no script runs", async () => {
    requested = [];
    const text = await pdfText(await printHtml(browser, hostileHtml(), "<span></span>"));
    expect(text).toContain("STATIC MARKER");
    expect(text).not.toMatch(/SCRIPT RAN/);
    expect(requested).toEqual([]);
  });

  test("a whole report with markup in its data prints it as text, fetches nothing, and embeds its fonts", async () => {
    requested = [];
    const hostileReason = `<img src="${base}/from-report.png"><script>fetch("${base}/from-report")</script>`;
    const model = reportFixture([flaggedFile(1, { reason: hostileReason })], [auditEvent(1, { actorName: `<iframe src="${base}/actor">` })]);
    const printed = await printReportPdf(model, manifest, npmBrowser);
    const text = await pdfText(printed.pdf);
    expect(text.replace(/\s+/g, "")).toContain(`<imgsrc="${base}/from-report.png">`.replace(/\s+/g, ""));
    expect(text).toContain("c".repeat(64));
    expect(requested).toEqual([]);
    expect(printed.prints).toBe(2);
    // The report's fonts are data URLs: embedded (subset, hence the six-letter prefix) without any request.
    const pdf = printed.pdf.toString("latin1");
    expect(pdf).toMatch(/\/FontName \/[A-Z]{6}\+Geist-Regular/);
    expect(pdf).toMatch(/\/FontName \/[A-Z]{6}\+GeistMono-Regular/);
  }, 120_000);
});
