import type { Credentials } from "@/lib/aws/client-config";
import { readOnlyGuard } from "@/lib/aws/read-only-guard";

// The one way the product keeps SDK clients: built once per (service, region) for the life of a scan or a
// validation (so connections are pooled), each with the read-only guard. Imports no SDK itself, so a command pays
// only for the services it uses.

type Guardable = { middlewareStack: { use(plugin: ReturnType<typeof readOnlyGuard>): void } };

export class GuardedClients {
  private readonly cache = new Map<string, unknown>();

  constructor(readonly credentials?: Credentials) {}

  protected client<T>(key: string, make: () => T): T {
    let client = this.cache.get(key) as T | undefined;
    if (!client) {
      client = make();
      (client as unknown as Guardable).middlewareStack.use(readOnlyGuard());
      this.cache.set(key, client);
    }
    return client;
  }

  protected options(region: string) {
    return { region, credentials: this.credentials };
  }
}
