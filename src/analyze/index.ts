// The analysis: a pure function from a snapshot (and the targets asked for) to a report.
import { InputError } from '../errors.js';
import { NetworkModel } from '../model/network.js';
import type { LambdaFunction, Snapshot } from '../snapshot/types.js';
import { analyzeFunction } from './function.js';
import type { Report } from './types.js';

export interface AnalysisRequest {
  /** Function names, ARNs or name:qualifier, as the user gave them. */
  functions: string[];
  /** Target specs; undefined = the defaults of contract §1. */
  targets?: string[];
}

export function analyze(snapshot: Snapshot, request: AnalysisRequest): Report {
  const model = new NetworkModel(snapshot);
  const functions = request.functions.map((wanted) => findFunction(snapshot, wanted));
  return { schemaVersion: 1, functions: functions.map((fn) => analyzeFunction(model, fn, request.targets)) };
}

/** Matches a name, a full or partial ARN, optionally with a version or alias qualifier. */
export function findFunction(snapshot: Snapshot, wanted: string): LambdaFunction {
  const name = functionNameOf(wanted);
  const qualifier = qualifierOf(wanted);
  const named = snapshot.functions.filter((fn) => fn.FunctionName === name || (fn.FunctionArn !== undefined && functionNameOf(fn.FunctionArn) === name));
  // GetFunctionConfiguration with a qualifier returns the qualified ARN and the version it points at.
  const found = qualifier === undefined
    ? named.find((fn) => qualifierOf(fn.FunctionArn ?? '') === undefined) ?? named[0]
    : named.find((fn) => qualifierOf(fn.FunctionArn ?? '') === qualifier || fn.Version === qualifier
      || (qualifier === '$LATEST' && fn.Version === undefined && qualifierOf(fn.FunctionArn ?? '') === undefined));
  // A version or alias the snapshot does not hold is an input error, as GetFunctionConfiguration's
  // ResourceNotFound is live: another version may have another VPC configuration.
  if (!found && qualifier !== undefined && named.length > 0) {
    const held = named.map((fn) => qualifierOf(fn.FunctionArn ?? '') ?? fn.Version ?? '$LATEST').join(', ');
    throw new InputError(`no version or alias ${qualifier} of ${name} in the snapshot (it has: ${held}); snapshot it with --qualifier ${qualifier}`);
  }
  if (!found) {
    const known = snapshot.functions.map((fn) => fn.FunctionName).filter(Boolean).join(', ') || 'none';
    throw new InputError(`no function ${wanted} in the snapshot (it has: ${known})`);
  }
  return found;
}

/** The version or alias of "name:alias" or a qualified ARN, if any. */
export function qualifierOf(reference: string): string | undefined {
  const parts = reference.split(':');
  const at = parts.indexOf('function');
  return at >= 0 ? parts[at + 2] : parts.length === 2 ? parts[1] : undefined;
}

/** "arn:aws:lambda:r:acct:function:name:alias", "acct:function:name", "function:name", "name:alias" → name. */
export function functionNameOf(reference: string): string {
  const parts = reference.split(':');
  const at = parts.indexOf('function');
  if (at >= 0 && parts[at + 1]) return parts[at + 1]!;
  return parts[0]!;
}
