import type { Pluggable } from "@smithy/types";
import { isReadOnlyOperation } from "@/lib/core/read-only";

// Enforced where every request passes: an SDK middleware on every client the product builds. A write is refused
// before it is signed or sent, whatever code path asked for it.

export class ReadOnlyViolation extends Error {
  constructor(readonly operation: string) {
    super(`TrailProof refused to call ${operation}: it only reads from AWS`);
    this.name = "ReadOnlyViolation";
  }
}

type OperationObserver = (operation: string, service: string) => void;
const observers = new Set<OperationObserver>();

/** Calls `observer` for every operation a guarded client sends; returns a function that stops it. For tests/audit. */
export function observeOperations(observer: OperationObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

/** The plugin, typed for whichever client it is added to: `client.middlewareStack.use(readOnlyGuard())`. */
export function readOnlyGuard<Input extends object, Output extends object>(): Pluggable<Input, Output> {
  return {
    applyToStack(stack) {
      stack.add(
        (next, context) => async (args) => {
          const operation = String(context.commandName ?? "").replace(/Command$/, "");
          if (!isReadOnlyOperation(operation)) throw new ReadOnlyViolation(operation);
          for (const observer of observers) observer(operation, String(context.clientName ?? ""));
          return next(args);
        },
        { step: "initialize", name: "trailproofReadOnlyGuard", priority: "high" },
      );
    },
  };
}
