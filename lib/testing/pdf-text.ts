// A PDF's text for tests, read with pdf.js (pdfjs-dist, an npm package: no poppler on the machine). Roughly what
// `pdftotext -layout` gives: each page's text items grouped into lines by their baseline, left to right, a space
// where there is a gap between two items, a form feed between pages. Tests that compare text across wrapped lines
// strip whitespace first, as they did with pdftotext.

interface PositionedText {
  str: string;
  x: number;
  y: number;
  width: number;
}

/** Items closer than this (in PDF points) on the vertical axis share a line. */
const SAME_LINE_POINTS = 2;
/** A horizontal gap wider than this (in PDF points) between two items is a space. */
const SPACE_POINTS = 1;

export async function pdfText(pdf: Uint8Array): Promise<string> {
  const pages = await pdfPages(pdf);
  return pages.join("\f");
}

export async function pdfPages(pdf: Uint8Array): Promise<string[]> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  // pdf.js detaches the buffer it is given: hand it a copy so the caller's bytes stay usable.
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= document.numPages; n += 1) {
      const content = await (await document.getPage(n)).getTextContent();
      const items = content.items.flatMap((item) =>
        "str" in item && item.str !== "" ? [{ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width }] : [],
      );
      pages.push(layoutLines(items).join("\n"));
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

function layoutLines(items: PositionedText[]): string[] {
  const lines: PositionedText[][] = [];
  // Top of the page first (PDF's y grows upwards), then left to right.
  for (const item of [...items].sort((a, b) => b.y - a.y || a.x - b.x)) {
    const line = lines.at(-1);
    if (line && Math.abs(line[0]!.y - item.y) <= SAME_LINE_POINTS) line.push(item);
    else lines.push([item]);
  }
  return lines.map((line) =>
    line
      .sort((a, b) => a.x - b.x)
      .reduce((text, item, i) => {
        const previous = line[i - 1];
        const gap = previous ? item.x - (previous.x + previous.width) : 0;
        return text + (previous && gap > SPACE_POINTS ? " " : "") + item.str;
      }, ""),
  );
}
