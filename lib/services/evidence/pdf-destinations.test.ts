import { describe, expect, test } from "vitest";
import { pdfDestinationPages, pdfPageCount } from "@/lib/services/evidence/pdf-destinations";

// The shape Chromium 156 (Skia m156) writes, nested one level deeper than it does for short documents.
const PDF = `%PDF-1.4
1 0 obj
<</Type /Catalog /Pages 9 0 R /Dests 7 0 R>>
endobj
2 0 obj
<</Type /Page /Parent 8 0 R /MediaBox [0 0 595 842]>>
endobj
3 0 obj
<</Type /Page /Parent 8 0 R>>
endobj
4 0 obj
<</Type /Page /Parent 10 0 R>>
endobj
7 0 obj
<</summary [2 0 R /XYZ 6 807.63 0]
/trail-2#2Dx [4 0 R /XYZ 6 348.63 0]
/methodology [3 0 R /XYZ 6 100 0]>>
endobj
8 0 obj
<</Type /Pages /Parent 9 0 R /Kids [2 0 R 3 0 R] /Count 2>>
endobj
10 0 obj
<</Type /Pages /Parent 9 0 R /Kids [4 0 R] /Count 1>>
endobj
9 0 obj
<</Type /Pages /Kids [8 0 R 10 0 R] /Count 3>>
endobj
trailer
<</Root 1 0 R>>
%%EOF`;

describe("pdfDestinationPages", () => {
  test("maps every destination to its page through a nested page tree, decoding #xx escapes", () => {
    expect(Object.fromEntries(pdfDestinationPages(Buffer.from(PDF, "latin1")))).toEqual({ summary: 1, methodology: 2, "trail-2-x": 3 });
  });

  test("counts pages", () => {
    expect(pdfPageCount(Buffer.from(PDF, "latin1"))).toBe(3);
  });

  test("a PDF without destinations yields none", () => {
    expect(pdfDestinationPages(Buffer.from(PDF.replace("/Dests 7 0 R", ""), "latin1")).size).toBe(0);
  });
});
