import { benchValidate } from "@/scripts/bench-validate";
const rows = await benchValidate(Number(process.argv[2] ?? 600), 200_000);
for (const r of rows.filter((r) => r.tool === "trailproof validate")) {
  console.log(`## ${r.setting}: ${r.seconds.toFixed(2)} s`);
  for (const line of (r as { profile?: string[] }).profile ?? []) console.log(line);
}
process.exit(0);
