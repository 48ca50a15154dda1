import type { Metadata } from "next";
import type { ReactNode } from "react";
import { DemoBanner } from "@/components/demo-banner";
import { QueryProvider } from "@/components/query-provider";
import { SiteHeader } from "@/components/site-header";
import { readEnv } from "@/lib/env";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "TrailProof", template: "%s · TrailProof" },
  description: "Prove that AWS CloudTrail is set up right and that its logs were not touched.",
  icons: { icon: "/favicon.svg" },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        {readEnv().TRAILPROOF_DEMO === "1" ? <DemoBanner /> : null}
        <SiteHeader />
        <main className="mx-auto max-w-7xl px-6 py-8">
          <QueryProvider>{children}</QueryProvider>
        </main>
      </body>
    </html>
  );
}
