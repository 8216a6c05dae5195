// Every AWS call of a collection goes through one Caller: it times it for --verbose, follows
// pagination, counts calls and rounds, and turns a denied call into data (`denied`), never a throw.
import { classifyAwsError, toUserError } from './errors.js';
import { paginatorFor } from './paginators.js';

/** What the SDK clients have in common, as far as collect uses them. */
export interface Sender {
  send(command: any): Promise<any>;
}
export type CommandClass = new (input: any) => unknown;

export interface CallOptions {
  /** Shown in the --verbose line: what the call is about (ids, never values). */
  detail?: string;
  /** A denied call is fatal (the function itself) instead of a `denied` entry. */
  fatal?: boolean;
  /** The function name for a "no such function" message. */
  functionName?: string;
  /** A NotFound error means "nothing there" (e.g. a prefix list that is not shared with us). */
  notFoundIsEmpty?: boolean;
  /** Pagination tokens, for a command without an SDK paginator: request field, response field (default NextToken). */
  tokenIn?: string;
  tokenOut?: string;
}

export interface CollectStats {
  /** HTTP requests sent (each page counts), including failed ones. */
  calls: number;
  /** Sequential rounds that made at least one call. */
  rounds: number;
  /** Wall time of the whole collection, in milliseconds. */
  ms: number;
}

export interface CallerContext {
  region: string;
  endpointUrl?: string;
  log?: (line: string) => void;
}

export class Caller {
  calls = 0;
  rounds = 0;
  readonly denied = new Set<string>();

  constructor(private readonly ctx: CallerContext) {}

  /** Runs one round of concurrent calls; counts it if it called AWS. */
  async round<T>(work: () => Promise<T>): Promise<T> {
    const before = this.calls;
    try {
      return await work();
    } finally {
      if (this.calls > before) this.rounds += 1;
    }
  }

  /**
   * A paginated list call: every page's `listKey` items, or undefined if denied / not found. The SDK's
   * paginator runs it where there is one (paginators.ts); this adds what paginators do not do: a count
   * of calls and pages for --verbose and the stats, the retry without a newer parameter an emulator
   * rejects, a copy of `input` per page (the SDK's loop writes each token into one shared input), and
   * denied/unsupported as data. The loop below is for commands the SDK has no paginator for.
   */
  async list<T>(client: Sender, command: CommandClass, action: string, input: Record<string, unknown>, listKey: string, options: CallOptions = {}): Promise<T[] | undefined> {
    const items: T[] = [];
    const started = performance.now();
    const progress = { pages: 0, attempts: 0 };
    const take = (output: Record<string, unknown> | undefined): void => {
      progress.attempts += metadataAttempts(output);
      const page = output?.[listKey];
      if (Array.isArray(page)) items.push(...(page as T[]));
    };
    try {
      const paginate = paginatorFor(command, client);
      if (paginate) {
        // The paginator sends through this view of the client (still an instance of its class, which
        // the paginator checks): it counts each page as sent and gives it its own copy of the input.
        // (withCommand would do the same but the Route 53 Resolver client's older @smithy/core lacks it.)
        const counted = Object.create(client as object) as Sender;
        counted.send = (sent: { input: Record<string, unknown> }, ...rest: unknown[]) => {
          this.calls += 1;
          progress.pages += 1;
          sent.input = definedOnly(sent.input);
          return (client.send as (...args: unknown[]) => Promise<unknown>).call(client, sent, ...rest);
        };
        for await (const output of paginate({ client: counted, stopOnSameToken: true }, { ...input })) take(output);
      } else {
        await this.pages(client, command, input, options, progress, take);
      }
    } catch (error) {
      // An endpoint that does not know a newer optional parameter (emulators): ask again without it.
      const retry = withoutNewerParameters(input, error);
      if (retry) return this.list(client, command, action, retry, listKey, options);
      return this.failed(error, action, options, started);
    }
    const { pages, attempts } = progress;
    this.logLine(action, options.detail, started, `${pages > 1 ? `, ${pages} pages` : ''}${attempts > pages ? `, ${attempts} attempts` : ''}`);
    return items;
  }

  /** Pages by hand, for a command without an SDK paginator: follows `tokenIn`/`tokenOut`, stops on a repeated token. */
  private async pages(client: Sender, command: CommandClass, input: Record<string, unknown>, options: CallOptions,
    progress: { pages: number }, take: (output: Record<string, unknown> | undefined) => void): Promise<void> {
    const tokenIn = options.tokenIn ?? 'NextToken';
    const tokenOut = options.tokenOut ?? tokenIn;
    let token: unknown;
    do {
      this.calls += 1;
      progress.pages += 1;
      const output = await client.send(new command(token === undefined ? input : { ...input, [tokenIn]: token })) as Record<string, unknown> | undefined;
      take(output);
      const next = output?.[tokenOut];
      token = typeof next === 'string' && next !== '' && next !== token ? next : undefined;
    } while (token !== undefined);
  }

  /** A single call (no pagination): the response without $metadata, or undefined if denied / not found. */
  async one(client: Sender, command: CommandClass, action: string, input: Record<string, unknown>, options: CallOptions = {}): Promise<Record<string, unknown> | undefined> {
    const started = performance.now();
    this.calls += 1;
    let output: Record<string, unknown>;
    try {
      output = ((await client.send(new command(input))) ?? {}) as Record<string, unknown>;
    } catch (error) {
      return this.failed(error, action, options, started);
    }
    const attempts = metadataAttempts(output);
    this.logLine(action, options.detail, started, attempts > 1 ? `, ${attempts} attempts` : '');
    const { $metadata: _metadata, ...rest } = output;
    return rest;
  }

  private failed(error: unknown, action: string, options: CallOptions, started: number): undefined {
    const kind = classifyAwsError(error);
    const code = typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : 'Error';
    if (kind === 'denied' && options.fatal !== true) {
      this.denied.add(action);
      this.logLine(action, options.detail, started, `, denied (${code})`);
      return undefined;
    }
    if (kind === 'unsupported' && options.fatal !== true) {
      // Left out of the snapshot: the hops that need it are unknown (DATA_NOT_COLLECTED), not a crash.
      this.logLine(action, options.detail, started, `, not supported by this endpoint (${code})`);
      return undefined;
    }
    if (kind === 'not-found' && options.notFoundIsEmpty === true) {
      this.logLine(action, options.detail, started, `, not found (${code})`);
      return undefined;
    }
    this.logLine(action, options.detail, started, `, failed (${code})`);
    throw toUserError(error, { action, region: this.ctx.region, endpointUrl: this.ctx.endpointUrl, functionName: options.functionName });
  }

  private logLine(action: string, detail: string | undefined, started: number, suffix: string): void {
    if (this.ctx.log === undefined) return;
    const ms = Math.round(performance.now() - started);
    this.ctx.log(`aws ${action}${detail ? ` ${detail}` : ''}: ${ms} ms${suffix}`);
  }
}

/** The input without the keys the SDK's paginator set to undefined (the first page's token, a page size). */
function definedOnly(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

function metadataAttempts(output: unknown): number {
  const metadata = (output as { $metadata?: { attempts?: number } } | undefined)?.$metadata;
  return typeof metadata?.attempts === 'number' ? metadata.attempts : 1;
}

/** Optional parameters newer than some endpoints; dropped on a retry when the endpoint rejects them. */
const NEWER_PARAMETERS = ['IncludeManagedResources'];

function withoutNewerParameters(input: Record<string, unknown>, error: unknown): Record<string, unknown> | null {
  const present = NEWER_PARAMETERS.filter((name) => name in input);
  if (present.length === 0) return null;
  const kind = classifyAwsError(error);
  const message = typeof error === 'object' && error !== null && 'message' in error ? String((error as { message: unknown }).message) : '';
  const rejected = kind === 'unsupported' || present.some((name) => message.includes(name)) || /parameter/i.test(message) && kind === 'other';
  if (!rejected) return null;
  const retry = { ...input };
  for (const name of present) delete retry[name];
  return retry;
}
