export function DemoBanner() {
  return (
    <div role="note" aria-label="Demo organization" className="border-b border-amber-300 bg-amber-50 text-amber-950">
      <p className="mx-auto max-w-7xl px-6 py-2 text-sm">
        <strong className="font-semibold">Demo organization.</strong> These accounts live in a local AWS emulator,
        seeded with example trails in every compliance state and with tampered log files. Configure AWS credentials
        to audit your own organization.
      </p>
    </div>
  );
}
