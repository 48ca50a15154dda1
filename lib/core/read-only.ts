// TrailProof never changes anything in the accounts it audits. Every AWS operation it may call is a read by name;
// AssumeRole is the one exception, and it only obtains credentials for the read-only role.
const READ_OPERATION = /^(Describe|Get|List|Lookup)[A-Z]/;
const ALSO_ALLOWED = new Set(["AssumeRole"]);

export function isReadOnlyOperation(operation: string): boolean {
  return READ_OPERATION.test(operation) || ALSO_ALLOWED.has(operation);
}
