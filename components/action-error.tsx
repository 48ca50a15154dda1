/** A compact form's refusal, announced at once (role="alert"): nothing while the action has not failed. */
export function ActionError({ state }: { state: { status: string; message: string } }) {
  if (state.status !== "error") return null;
  return (
    <p role="alert" className="text-xs text-red-700">
      {state.message}
    </p>
  );
}
