import Link from "next/link";
import { utc } from "@/components/format";
import { StatusBadge } from "@/components/status-legend";
import { FILE_STATUS_STYLE } from "@/components/status-style";
import { TableHead } from "@/components/table-head";
import type { FileVerdict } from "@/lib/db/generated/browser";

/** The file_verdicts columns the table shows. */
export type FileRow = Pick<FileVerdict, "id" | "kind" | "status" | "reason" | "accountId" | "region" | "s3Bucket" | "s3Key" | "fileTime" | "expectedHash" | "actualHash" | "digestKey">;

/** INVALID and missing files, each with everything needed to see why, and a link to its own page. */
export function FileVerdictsTable({ files, caption }: { files: FileRow[]; caption: string }) {
  return (
    <table className="w-full rounded-lg border border-slate-200 bg-white text-sm" aria-label={caption}>
      <TableHead columns={["File", "Status and reason", "Hashes (SHA-256)", "Listed by digest"]} />
      <tbody>
        {files.map((file) => (
          <tr key={String(file.id)} className="border-t border-slate-100 align-top">
            <th scope="row" className="max-w-md px-3 py-2 text-left font-normal">
              <Link href={`/files/${file.id}`} className="break-all font-mono text-xs text-slate-900 underline-offset-2 hover:underline">
                s3://{file.s3Bucket}/{file.s3Key}
              </Link>
              <div className="text-xs text-slate-500">
                {file.kind} · {file.accountId} · {file.region} · {utc(file.fileTime)}
              </div>
            </th>
            <td className="px-3 py-2">
              <StatusBadge style={FILE_STATUS_STYLE[file.status]!} />
              <div className="mt-1 text-xs">{file.reason ?? ""}</div>
            </td>
            <td className="px-3 py-2 font-mono text-[11px] leading-4">
              {file.expectedHash || file.actualHash ? (
                <>
                  <div title="expected, from the digest">exp {file.expectedHash ?? "—"}</div>
                  <div title="actual, computed from the file">act {file.actualHash ?? "—"}</div>
                </>
              ) : (
                "—"
              )}
            </td>
            <td className="max-w-xs break-all px-3 py-2 font-mono text-[11px]">{file.digestKey ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
