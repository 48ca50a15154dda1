// Which page each named destination of a Chromium-printed PDF is on. Chromium (Skia) writes one uncompressed
// `/Dests` dictionary (name → [page-object /XYZ x y z]) for every in-document link target, and a plain page tree.
// Print is the only layout that knows where page breaks fall, so the table of contents is filled from a first print.

type Objects = Map<number, string>;

function readObjects(pdf: string): Objects {
  const objects: Objects = new Map();
  const pattern = /(\d+) 0 obj\b([\s\S]*?)endobj/g;
  for (let match = pattern.exec(pdf); match; match = pattern.exec(pdf)) objects.set(Number(match[1]), match[2]!);
  return objects;
}

function pageOrder(objects: Objects): number[] {
  const root = [...objects].find(([, body]) => /\/Type\s*\/Pages\b/.test(body) && !/\/Parent\s+\d+/.test(body));
  if (!root) return [];
  const pages: number[] = [];
  const visit = (id: number, depth: number) => {
    const body = objects.get(id) ?? "";
    if (/\/Type\s*\/Pages\b/.test(body) && depth < 64) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(body)?.[1] ?? "";
      for (const ref of kids.matchAll(/(\d+)\s+0\s+R/g)) visit(Number(ref[1]), depth + 1);
    } else if (/\/Type\s*\/Page\b/.test(body)) {
      pages.push(id);
    }
  };
  visit(root[0], 0);
  return pages;
}

function destsDictionary(pdf: string, objects: Objects): string {
  const catalog = [...objects.values()].find((body) => /\/Type\s*\/Catalog\b/.test(body)) ?? pdf;
  const ref = /\/Dests\s+(\d+)\s+0\s+R/.exec(catalog);
  if (ref) return objects.get(Number(ref[1])) ?? "";
  return /\/Dests\s*(<<[\s\S]*?>>)/.exec(catalog)?.[1] ?? "";
}

/** Destination name → 1-based page number. */
export function pdfDestinationPages(pdf: Buffer): Map<string, number> {
  const text = pdf.toString("latin1");
  const objects = readObjects(text);
  const pageNumber = new Map(pageOrder(objects).map((id, index) => [id, index + 1]));
  const found = new Map<string, number>();
  for (const entry of destsDictionary(text, objects).matchAll(/\/([^\s/[\]<>()]+)\s*\[\s*(\d+)\s+0\s+R/g)) {
    const name = entry[1]!.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    const page = pageNumber.get(Number(entry[2]));
    if (page !== undefined) found.set(name, page);
  }
  return found;
}

/** The number of pages of a PDF, from its page tree. */
export function pdfPageCount(pdf: Buffer): number {
  return pageOrder(readObjects(pdf.toString("latin1"))).length;
}
