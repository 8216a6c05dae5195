// Round 1: the Lambda functions. A name, a partial or full ARN, `name:alias`, and --qualifier.
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { InputError } from '../errors.js';
import type { LambdaFunction } from '../snapshot/types.js';
import type { Caller } from './call.js';
import { registerPaginators } from './paginators.js';

export interface FunctionRef {
  /** As given, for messages. */
  given: string;
  /** Name or ARN without its qualifier. */
  functionName: string;
  qualifier?: string;
  /** The region of a full ARN. */
  region?: string;
}

const FULL_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/;
const PARTIAL_ARN = /^(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/;
const NAME = /^([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/;

export function parseFunctionRef(given: string, qualifierFlag?: string): FunctionRef {
  const text = given.trim();
  let base: string;
  let embedded: string | undefined;
  let region: string | undefined;
  let m: RegExpExecArray | null;
  if ((m = FULL_ARN.exec(text)) !== null) {
    base = `arn:${m[1]}:lambda:${m[2]}:${m[3]}:function:${m[4]}`;
    embedded = m[5];
    region = m[2];
  } else if ((m = PARTIAL_ARN.exec(text)) !== null) {
    base = `${m[1]}:function:${m[2]}`;
    embedded = m[3];
  } else if ((m = NAME.exec(text)) !== null) {
    base = m[1] ?? text;
    embedded = m[2];
  } else {
    throw new InputError(`not a Lambda function name or ARN: ${given}`);
  }
  if (embedded !== undefined && qualifierFlag !== undefined && embedded !== qualifierFlag) {
    throw new InputError(`${given} names qualifier ${embedded} but --qualifier is ${qualifierFlag}: give one`);
  }
  const qualifier = embedded ?? qualifierFlag;
  return { given, functionName: base, ...(qualifier !== undefined ? { qualifier } : {}), ...(region !== undefined ? { region } : {}) };
}

/** The region the functions' ARNs name, checked against --region; undefined if none is a full ARN. */
export function regionOfRefs(refs: FunctionRef[], regionFlag: string | undefined): string | undefined {
  const regions = [...new Set(refs.map((r) => r.region).filter((r): r is string => r !== undefined))];
  if (regions.length > 1) throw new InputError(`the functions are in different regions (${regions.join(', ')}): check one region at a time`);
  const [region] = regions;
  if (region !== undefined && regionFlag !== undefined && regionFlag !== region) {
    throw new InputError(`the function ARN is in ${region} but --region is ${regionFlag}`);
  }
  return region;
}

export async function getFunctions(caller: Caller, lambda: LambdaClient, refs: FunctionRef[]): Promise<LambdaFunction[]> {
  const { GetFunctionConfigurationCommand } = await import('@aws-sdk/client-lambda');
  const found = await Promise.all(refs.map((ref) => caller.one(lambda, GetFunctionConfigurationCommand, 'lambda:GetFunctionConfiguration',
    { FunctionName: ref.functionName, ...(ref.qualifier !== undefined ? { Qualifier: ref.qualifier } : {}) },
    { detail: ref.given + (ref.qualifier !== undefined && !ref.given.endsWith(`:${ref.qualifier}`) ? ` (${ref.qualifier})` : ''), fatal: true, functionName: ref.given })));
  const seen = new Set<string>();
  const functions: LambdaFunction[] = [];
  for (const fn of found) {
    if (fn === undefined) continue; // unreachable: fatal calls throw
    const key = String(fn.FunctionArn ?? fn.FunctionName);
    if (seen.has(key)) continue;
    seen.add(key);
    functions.push(fn as LambdaFunction);
  }
  return functions;
}

/** `check --all`: every function of the region that is attached to a VPC ($LATEST). */
export async function listVpcFunctions(caller: Caller, lambda: LambdaClient): Promise<LambdaFunction[]> {
  const sdk = await import('@aws-sdk/client-lambda');
  registerPaginators(sdk, sdk.LambdaClient);
  const all = await caller.list<LambdaFunction>(lambda, sdk.ListFunctionsCommand, 'lambda:ListFunctions', {}, 'Functions',
    { tokenIn: 'Marker', tokenOut: 'NextMarker', fatal: true });
  return (all ?? []).filter((fn) => vpcIdOf(fn) !== undefined);
}

export function vpcIdOf(fn: LambdaFunction): string | undefined {
  const id = fn.VpcConfig?.VpcId;
  return id !== undefined && id !== '' ? id : undefined;
}
