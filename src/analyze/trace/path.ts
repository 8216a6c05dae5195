// The state one path trace carries: where the packet starts, what it is for, the hops so far, and
// the findings it raises. Steps append hops; none of them stops the walk.
import type { Ec2Key, LambdaFunction, RdsKey, SecurityGroup, Subnet } from '../../snapshot/types.js';
import type { AddressSet } from '../../model/addresses.js';
import type { Cidr } from '../../model/cidr.js';
import type { IntervalSet } from '../../model/interval-set.js';
import type { NetworkModel, Missing } from '../../model/network.js';
import type { FindingCode } from '../codes.js';
import type { FindingCollector } from '../findings.js';
import type { Evidence } from '../rules/define.js';
import type { Target } from '../targets.js';
import type { Hop, HopKind, Severity } from '../types.js';
import { Flow } from './flow.js';
import { remedyRefs } from './remedy-refs.js';
import type { Refs } from '../rules/remedy.js';

export interface FunctionScope {
  model: NetworkModel;
  fn: LambdaFunction;
  name: string;
  vpcId: string;
  groupIds: string[];
  groups: SecurityGroup[];
  findings: FindingCollector;
}

export interface Source {
  subnet: Subnet;
  subnetId: string;
  az: string;
  /** The ENI's address, or the subnet's block when no ENI is known. */
  address: Cidr;
  addresses: AddressSet;
}

/** Codes that describe one function subnet's situation rather than a shared resource's. */
const PER_SUBNET_CODES = new Set<FindingCode>(['NAT_CROSS_AZ', 'NAT_REGIONAL_AZ_NOT_SERVED', 'ENDPOINT_NO_SUBNET_IN_AZ', 'FUNCTION_NO_ENI', 'FIREWALL_ASYMMETRIC_ROUTE']);

export class PathTrace {
  readonly hops: Hop[] = [];
  /** The traffic still travelling, and what became of the rest (see flow.ts). */
  readonly flow: Flow;
  /** Where the packet is when a hop took it into another VPC (an egress VPC behind a transit gateway). */
  here: { vpcId: string; az: string } | null = null;

  constructor(readonly scope: FunctionScope, readonly source: Source, readonly target: Target, destinations: IntervalSet) {
    this.flow = new Flow(destinations);
  }

  /** The VPC the packet is in now: the function's, unless a transit gateway took it elsewhere. */
  get vpcId(): string {
    return this.here?.vpcId ?? this.scope.vpcId;
  }

  /** The Availability Zone the packet is in now. */
  get az(): string {
    return this.here?.az ?? this.source.az;
  }

  get model(): NetworkModel {
    return this.scope.model;
  }

  /**
   * Raise a finding tied to this path's subnet and target; returns the code for the hop. A finding
   * merges the same code on the same resources across subnets and targets, so its message names
   * the subnet only for codes that are about one subnet (and are keyed by it).
   */
  raise(code: FindingCode, evidence: Omit<Evidence, 'subnet' | 'az' | 'target' | 'refs'>, options: { severity?: Severity; alsoAbout?: string[]; refs?: Partial<Refs> } = {}): FindingCode {
    const perSubnet = PER_SUBNET_CODES.has(code);
    const { subnetId, az } = this.source;
    this.scope.findings.raise({
      code, evidence: perSubnet ? { ...evidence, subnet: subnetId, az } : evidence,
      target: this.target.spec, subnetId, severity: options.severity,
      refs: () => remedyRefs(this, evidence.resource, options.refs ?? {}),
      alsoAbout: perSubnet && evidence.resource !== subnetId ? [...(options.alsoAbout ?? []), subnetId] : options.alsoAbout,
    });
    return code;
  }

  /**
   * Appends a hop. A hop that blocks (false) drops all the traffic still travelling, one that
   * cannot be analysed (null) makes it all uncertain; a hop that passes only part of the traffic
   * is added as passing and drops the rest itself (`dropAt`).
   */
  add(kind: HopKind, id: string, ok: boolean | null, detail: string, codes: FindingCode[] = []): Hop {
    const hop: Hop = { kind, id, ok, detail };
    if (codes.length > 0) hop.codes = codes;
    this.hops.push(hop);
    if (ok === false) this.flow.drop(this.flow.travelling, this.hops.length - 1, codes[0]);
    if (ok === null) this.flow.doubt(this.flow.travelling, this.hops.length - 1, detail);
    return hop;
  }

  /** Drops part of the traffic at an existing hop, with the code that says why. */
  dropAt(hop: Hop, addresses: IntervalSet, code: FindingCode | undefined): void {
    this.flow.drop(addresses, this.hops.indexOf(hop), code);
  }

  /** Marks an existing hop as blocking everything still travelling. */
  block(hop: Hop, code: FindingCode, detail?: string): void {
    hop.ok = false;
    hop.codes = [...(hop.codes ?? []), code];
    if (detail) hop.detail = `${hop.detail}: ${detail}`;
    this.dropAt(hop, this.flow.travelling, code);
  }

  /** Marks an existing hop as one the model cannot follow: everything still travelling is uncertain. */
  markUnknown(hop: Hop, code: FindingCode, detail: string): void {
    if (hop.ok !== false) hop.ok = null;
    hop.codes = [...(hop.codes ?? []), code];
    hop.detail = `${hop.detail}: ${detail}`;
    this.flow.doubt(this.flow.travelling, this.hops.indexOf(hop), detail);
  }

  /** Runs `walk` for part of the traffic only (one branch of a fork); the rest waits. */
  branch(addresses: IntervalSet, walk: () => void): void {
    this.flow.branch(addresses, walk);
  }

  /** Whether the data a step needs is there; if not, an unknown hop that says why. */
  requireEc2(kind: HopKind, id: string, key: Ec2Key): boolean {
    return this.requireMissing(kind, id, this.model.missingEc2(key));
  }

  requireRds(kind: HopKind, id: string, key: RdsKey): boolean {
    return this.requireMissing(kind, id, this.model.missingRds(key));
  }

  private requireMissing(kind: HopKind, id: string, missing: Missing | null): boolean {
    if (!missing) return true;
    const code = missing.reason === 'denied' ? 'PERMISSION_DENIED' : 'DATA_NOT_COLLECTED';
    this.raise(code, { resource: missing.action });
    const why = missing.reason === 'denied' ? `${missing.action} was denied` : `${missing.action} was not collected`;
    this.add(kind, id, null, `cannot tell: ${why}`, [code]);
    return false;
  }

  /** The state of the traffic still travelling: true if some of it is known to get here, null if only uncertain traffic does, false if none. */
  soFar(): boolean | null {
    return this.flow.state();
  }
}
