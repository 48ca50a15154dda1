import { fontFaceCss } from "@/lib/services/evidence/fonts";

// Print styles of the evidence report. Tables repeat their header on every page and never split a row, so a
// 10,000-row list of files stays readable page by page.

export function reportCss(): string {
  return `${fontFaceCss()}
*{box-sizing:border-box}
html{font-family:"Geist",sans-serif;font-size:8.5pt;color:#0f172a;line-height:1.35;-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0}
h1{font-size:22pt;font-weight:600;margin:0 0 4mm}
h2{font-size:14pt;font-weight:600;margin:0 0 3mm;padding-bottom:1.5mm;border-bottom:0.6pt solid #047857;color:#064e3b}
h3{font-size:10.5pt;font-weight:600;margin:5mm 0 2mm;break-after:avoid}
p{margin:0 0 2mm}
code,.mono{font-family:"Geist Mono",monospace;font-size:7pt;overflow-wrap:anywhere;word-break:break-all}
.muted{color:#64748b}
section.major{break-before:page}
table{width:100%;border-collapse:collapse;margin:0 0 3mm;table-layout:fixed}
thead{display:table-header-group}
tr{break-inside:avoid}
th{text-align:left;font-weight:600;font-size:7.5pt;color:#334155;background:#f1f5f9;border-bottom:0.6pt solid #cbd5e1;padding:1.2mm 1.5mm}
td{vertical-align:top;padding:1.2mm 1.5mm;border-bottom:0.4pt solid #e2e8f0;overflow-wrap:anywhere}
table.kv td:first-child{width:34%;color:#475569}
.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:0.3mm 1.5mm;border-radius:1mm;font-size:7pt;font-weight:600;text-transform:uppercase;letter-spacing:0.02em}
.s-pass,.s-valid,.s-succeeded{background:#d1fae5;color:#065f46}
.s-fail,.s-invalid,.s-refused{background:#fee2e2;color:#991b1b}
.s-error,.s-missing,.s-unreadable,.s-failed{background:#fef3c7;color:#92400e}
.s-not_applicable,.s-joined{background:#e2e8f0;color:#475569}
.notice{border:0.8pt solid #d97706;background:#fffbeb;padding:2.5mm 3mm;margin:0 0 3mm;border-radius:1mm}
.notice p:last-child{margin:0}
.cover{padding-top:18mm}
.cover .brand{color:#047857;font-weight:600;font-size:11pt;letter-spacing:0.04em;margin-bottom:14mm}
.hash{font-family:"Geist Mono",monospace;font-size:8.5pt;font-weight:400;word-break:break-all}
.toc a{color:inherit;text-decoration:none}
.toc td{border-bottom:0.4pt dotted #cbd5e1;padding:0.9mm 1mm}
.toc td.pg{width:14mm;text-align:right;font-variant-numeric:tabular-nums}
.toc tr.l2 td:first-child{padding-left:6mm;color:#334155}
.refs{margin-top:1mm;color:#475569;font-size:7pt}
.evidence div{font-family:"Geist Mono",monospace;font-size:6.5pt;word-break:break-all}
/* The file list: every page a table of FILES_PER_PAGE fixed-height rows (16 × 44pt + a 12pt header fit the 745pt
   of an A4 page between the margins), so its page count is known before printing. */
.files-list{break-before:page}
.files,.files-blank{break-after:page;margin:0}
.files-list>:last-child{break-after:auto;margin-bottom:3mm}
.files thead tr{height:12pt}
.files th{padding:0 1.5mm;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.files tr.f{height:44pt}
.files td{font-size:7pt;padding:0.4mm 1.5mm;line-height:1.15}
.files .mono{font-size:6pt;line-height:1.1;word-break:normal;overflow-wrap:anywhere}
.files .badge{font-size:6pt;padding:0 1.2mm}
.files-blank{height:calc(12pt + var(--rows) * 44pt)}
.audit td{font-size:7pt}
.audit .mono{font-size:6.5pt}
pre.manifest{font-family:"Geist Mono",monospace;font-size:7pt;white-space:pre-wrap;word-break:break-all;background:#f8fafc;border:0.4pt solid #e2e8f0;padding:2mm}
`;
}
