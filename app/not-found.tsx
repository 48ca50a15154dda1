import Link from "next/link";
import { EmptyState } from "@/components/empty-state";

export default function NotFound() {
  return (
    <EmptyState title="Not found">
      <p>No account, trail, validation run or file has this address. It may belong to data that was reset.</p>
      <p>
        <Link href="/" className="underline">Back to the overview</Link>
      </p>
    </EmptyState>
  );
}
