// The SDK v3 paginators (paginateDescribeRouteTables, paginateListFunctions, …) for Caller.list. Each
// SDK module is registered as it loads; Caller.list then finds the paginator of a command class by the
// SDK's own naming (XCommand → paginateX, same module), so every list call uses the SDK's loop and
// token field names, and the call sites keep passing command classes. A command without a paginator
// in the SDK (ec2:DescribeVpcBlockPublicAccessExclusions in this release; ec2:DescribeAddresses, which
// has no pages) keeps Caller.list's own loop, as does a client that is not the SDK module's.

/** What an SDK paginator takes and yields, as far as Caller.list uses it. */
export type Paginator = (
  config: { client: unknown; stopOnSameToken?: boolean },
  input: Record<string, unknown>,
) => AsyncIterable<Record<string, unknown> | undefined>;

type CommandClass = new (input: any) => unknown;
type SdkModule = Record<string, unknown>;

const registered: { module: SdkModule; client: CommandClass }[] = [];
const found = new WeakMap<CommandClass, { paginate: Paginator; client: CommandClass }>();

/** An SDK client module (`await import('@aws-sdk/client-ec2')`) and its client class. */
export function registerPaginators(module: SdkModule, client: unknown): void {
  if (typeof client !== 'function' || registered.some((r) => r.module === module)) return;
  registered.push({ module, client: client as CommandClass });
}

/**
 * The paginator for `command`, if its module is registered, has one, and `client` is that module's
 * client (the SDK's paginators refuse any other: "Invalid client").
 */
export function paginatorFor(command: CommandClass, client: unknown): Paginator | undefined {
  let entry = found.get(command);
  if (entry === undefined) {
    const operation = command.name.replace(/Command$/, '');
    const owner = registered.find((r) => r.module[`${operation}Command`] === command);
    const paginate = owner?.module[`paginate${operation}`];
    if (owner === undefined || typeof paginate !== 'function') return undefined;
    entry = { paginate: paginate as Paginator, client: owner.client };
    found.set(command, entry);
  }
  return client instanceof entry.client ? entry.paginate : undefined;
}
