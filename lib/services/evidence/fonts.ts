import fs from "node:fs";
import path from "node:path";

// The report's fonts come from the `geist` package and are embedded as data URLs: the PDF looks the same on every
// machine and rendering never fetches anything. Static instances, not the variable font: Chromium's PDF backend
// embeds static TrueType outlines as real text, which text extraction (pdf.js in the tests) and screen readers can read back.

const FACES = [
  { family: "Geist", weight: 400, file: "geist-sans/Geist-Regular.woff2" },
  { family: "Geist", weight: 600, file: "geist-sans/Geist-SemiBold.woff2" },
  { family: "Geist Mono", weight: 400, file: "geist-mono/GeistMono-Regular.woff2" },
] as const;

let cached: string | undefined;

function fontsDir(): string {
  // The project root: where `npm start`, the CLI and the tests all run (as the migrations folder assumes too).
  return path.join(process.cwd(), "node_modules", "geist", "dist", "fonts");
}

/** @font-face rules for Geist and Geist Mono with the font files inlined. */
export function fontFaceCss(): string {
  cached ??= FACES.map((face) => {
    const data = fs.readFileSync(path.join(fontsDir(), face.file)).toString("base64");
    return `@font-face{font-family:"${face.family}";font-weight:${face.weight};font-style:normal;src:url(data:font/woff2;base64,${data}) format("woff2");}`;
  }).join("\n");
  return cached;
}
