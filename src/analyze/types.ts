// The analysis result: plain data, serialised as the JSON report of contract §4.
import type { BaselineComparison } from '../diff/baseline.js';
import type { FindingCode } from './codes.js';

export type Verdict = 'reachable' | 'unreachable' | 'partial' | 'unknown';
/** A path is `partial` when some of the target's addresses get through and some do not. */
export type PathVerdict = 'reachable' | 'unreachable' | 'partial' | 'unknown';
export type Severity = 'error' | 'warning' | 'info';

export type HopKind =
  | 'eni' | 'security-group' | 'network-acl' | 'route-table' | 'nat-gateway' | 'internet-gateway'
  | 'vpc-endpoint' | 'peering' | 'transit-gateway' | 'rds-proxy' | 'database' | 'internet' | 'network-interface' | 'dns';

export interface Hop {
  kind: HopKind;
  id: string;
  /** true: passes; false: blocks; null: could not be analysed (see detail). */
  ok: boolean | null;
  detail: string;
  /** Finding codes raised at this hop. */
  codes?: FindingCode[];
}

/** Addresses of the target that a hop drops (contract §4): blocks, share of the target, hop index, code. */
export interface BlockedRange {
  addresses: string[];
  fraction: number;
  hop: number;
  code?: FindingCode;
}

/** Addresses of the target sent where the model cannot follow them: never counted as delivered. */
export interface UnknownRange {
  addresses: string[];
  fraction: number;
  hop: number;
  reason: string;
}

export interface PathResult {
  subnetId: string;
  availabilityZone: string;
  verdict: PathVerdict;
  /** Present when some of the target's addresses are dropped on this path. */
  blocked?: BlockedRange[];
  /** Present when some of the target's addresses go where the model cannot follow. */
  unknown?: UnknownRange[];
  hops: Hop[];
  /** With --probe: what a real connection from this subnet found. */
  probe?: PathProbe;
}

/** A probe's result for one target from one subnet, beside the model's verdict (extension). */
export interface PathProbe {
  /** connected, timeout, refused, dns-failed, dns-timeout, tls-failed, error, deadline, or not-run. */
  outcome: string;
  /** "connected in 23 ms (TLS TLSv1.3)", "timed out after 5000 ms", "not run: …". */
  summary: string;
  /** Whether it confirms the model's verdict; null when either side is unknown or the probe did not run. */
  agrees: boolean | null;
  /** The probe function that ran it. */
  probeFunction?: string;
  /** The handler's raw answer: DNS answers and time, TCP and TLS outcomes and times. */
  evidence?: Record<string, unknown>;
}

export interface Destination {
  host?: string;
  address?: string;
  port: number;
  protocol: 'tcp';
}

export interface TargetResult {
  target: string;
  destination: Destination;
  verdict: Verdict;
  paths: PathResult[];
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  resourceIds: string[];
  targets: string[];
  subnetIds: string[];
  message: string;
  remediation: string;
}

export interface FunctionInfo {
  name: string;
  arn: string;
  vpcId: string | null;
  subnetIds: string[];
  securityGroupIds: string[];
  /** Extension: AZ of each subnet, for headers and graphs. */
  subnets?: { subnetId: string; availabilityZone: string; cidr: string }[];
}

export interface FunctionReport {
  function: FunctionInfo;
  verdict: Verdict;
  targets: TargetResult[];
  findings: Finding[];
  /** With --fix: the repair plan (contract §5). */
  plan?: unknown;
  /** With --fix, after applying: the verdict before the repair. */
  verdictBefore?: Verdict;
  /** With --probe: how the probe ran (runtime, probe functions, what could not be probed). */
  probe?: { runtime: string; subnets: { subnetId: string; probeFunction: string; error?: string }[]; skipped: { target: string; reason: string }[] };
}

/** When and where the report was true (set by the CLI, which reads the clock). */
export interface ReportMetadata {
  /** The snapshot's capturedAt, or the time of a live collection; null when the snapshot has none. */
  capturedAt: string | null;
  live: boolean;
  region: string;
  accountId: string | null;
  vpcdoctorVersion: string;
  /** e.g. that the snapshot is more than a day old. */
  warnings?: string[];
}

export interface Report {
  schemaVersion: 1;
  functions: FunctionReport[];
  metadata?: ReportMetadata;
  /** With `check --baseline`: the regressions and new findings against it (src/diff/baseline.ts). */
  baseline?: BaselineComparison;
}
