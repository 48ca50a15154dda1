import { CHECKS } from "@/lib/core/checks/registry";
import { SEVERITY_WEIGHTS } from "@/lib/core/checks/scoring";
import { esc } from "@/lib/services/evidence/html";

// The report's methodology section: how the figures were produced and what each check means, from the same
// registry the scanner evaluates, so the explanation can never drift from the code.

const VALIDATION = [
  "CloudTrail delivers, every hour and in every region, a digest file that lists the SHA-256 of each log file delivered in that hour and the signature of the previous digest. Each digest is signed with RSA (PKCS#1 v1.5, SHA-256) by a key whose public half CloudTrail publishes (ListPublicKeys); the digest names the key by its fingerprint.",
  "TrailProof follows the algorithm of <code>aws cloudtrail validate-logs</code>: it lists the digests of the window, verifies each signature over the string to sign (digest end time, S3 path, hex SHA-256 of the digest, previous signature), walks the chain backwards through the <code>previousDigestSignature</code> and <code>previousDigestS3Object</code> pointers, and hashes the uncompressed bytes of every log file a valid digest lists. Log files are streamed; nothing is trusted that a valid digest does not vouch for.",
  "A file is <b>INVALID</b> when its hash differs from the digest's (modified, truncated, appended), when it cannot be read as what it claims to be, or when a digest's signature does not verify. It is <b>missing</b> when the digest lists it but it no longer exists. Strict findings add what the AWS CLI does not report: chain links that do not match (chain-broken), digests the chain never reaches (digest-skipped), hourly digests that should exist and do not, the newest included (digest-missing), log files in the window that no valid digest lists (log-unreferenced), and gaps in delivery.",
  "Each verdict row names the S3 object, the expected hash (from the digest) and the actual hash (computed), the digest that lists the file, and the fingerprint of the key that signed that digest, so every line can be re-checked with the AWS CLI or openssl.",
];

const SELECTION = [
  "Checklist: for each account in scope, its latest scan started inside the report window. An organization trail is shown once, with its owner's verdicts; member accounts inherit it.",
  "Integrity: for each trail, the latest finished validation run whose window overlaps the report window; only verdicts for files whose time lies inside the report window are counted and listed (for an account scope, only that account's files). A run still in progress is named and excluded.",
  "Activity: TrailProof's own audit trail, every record made inside the report window (scan and validation requests, evidence exports and downloads, sign-ins and sign-outs), oldest first. An account or trail report keeps the records whose target names that account, one of the trails it shows (by id or ARN) or the whole organization, and downloads of exports of those; sign-ins belong to the organization report alone. Refused and failed requests are listed with their reason.",
  `Scores weigh each decided check by severity (${Object.entries(SEVERITY_WEIGHTS).filter(([, w]) => w > 0).map(([s, w]) => `${s} ${w}`).join(", ")}): score = 100 × Σ weight of passes ÷ Σ weight of passes and fails. Errors and not-applicable results count in neither, so an unreadable trail has no score rather than 100.`,
];

function references(check: (typeof CHECKS)[number]): string {
  const r = check.references;
  const items = [
    ...(r.cis ?? []),
    ...(r.securityHub ?? []).map((id) => `AWS Security Hub ${id}`),
    ...(r.prowler ?? []).map((id) => `Prowler ${id}`),
  ].map(esc);
  const docs = (r.docs ?? []).map((url) => `<span class="mono">${esc(url)}</span>`);
  return [...items, ...docs].join("<br>");
}

export function methodologyHtml(): string {
  const checks = CHECKS.map(
    (check) => `<tr>
<td><b>${esc(check.title)}</b><br><span class="mono muted">${esc(check.id)}</span> · ${esc(check.severity)}</td>
<td>${esc(check.rationale)}<div class="refs">${references(check)}</div></td>
</tr>`,
  ).join("");
  return `<h3>How integrity validation works</h3>${VALIDATION.map((p) => `<p>${p}</p>`).join("")}
<h3>Which data this report shows</h3>${SELECTION.map((p) => `<p>${esc(p)}</p>`).join("")}
<h3>What each check means</h3>
<table class="grid"><thead><tr><th style="width:32%">Check</th><th>Why it matters, references</th></tr></thead><tbody>${checks}</tbody></table>
<p class="muted">References: CIS Amazon Web Services Foundations Benchmark (Center for Internet Security); AWS Security Hub controls; Prowler check ids; AWS CloudTrail User Guide, "Validating CloudTrail log file integrity" (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html).</p>`;
}
