import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Signed out" };

// Fixed messages only: the reason is a code, never text from the query string (a crafted link must not put words here).
const MESSAGES: Record<string, { title: string; text: string }> = {
  "no-role": {
    title: "No TrailProof role",
    text: "You signed in, but none of your identity provider groups grants a TrailProof role. Ask an administrator to add you to a mapped group.",
  },
  "sign-in": { title: "Sign-in did not complete", text: "The sign-in expired, began in another browser, or the identity provider's answer did not check out. Try again." },
  provider: { title: "The identity provider is unreachable", text: "TrailProof could not reach its identity provider. Try again in a moment; if it persists, tell an administrator." },
};

export default async function SignedOutPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  const message = (error && MESSAGES[error]) || { title: "Signed out", text: "You are signed out of TrailProof." };
  return (
    <EmptyState title={message.title}>
      <p>{message.text}</p>
      <p>
        {/* A plain link: sign-in is a route handler that redirects to the provider, not a page to prefetch. */}
        <a href="/api/auth/signin" className="font-medium text-emerald-800 underline">
          Sign in
        </a>
      </p>
    </EmptyState>
  );
}
