// VPC Block Public Access (BPA): whether the internet gateway lets an outbound connection out.
// Modes (DescribeVpcBlockPublicAccessOptions.InternetGatewayBlockMode): off; block-ingress (NAT
// gateway and egress-only traffic still go out); block-bidirectional (everything through the internet
// and egress-only internet gateways is dropped, including what a NAT gateway forwards), unless an
// exclusion in allow-egress or allow-bidirectional covers the subnet or the VPC.
// Which subnet: the one that owns the packet's source address at the gateway. After a NAT gateway that is
// the NAT gateway's subnet, not the function's (AWS: traffic through firewall or GWLB endpoints stays
// blocked "even if the subnet containing the endpoints is excluded": the endpoint does not change the
// source, a NAT gateway does). A regional NAT gateway has no subnet: only a VPC exclusion covers it.
// How the traffic reaches the gateway matters in block-ingress mode: "only traffic to and from NAT
// gateways and egress-only internet gateways is allowed", so a function's own IPv6 address sent
// straight to an internet gateway is blocked there too, and only an allow-bidirectional exclusion
// helps (allow-egress "only applies when VPC Block Public Access is set to Bidirectional").
import type { VpcBlockPublicAccessExclusion } from '../snapshot/types.js';
import type { Missing, NetworkModel } from './network.js';

/** How the packet reaches the gateway: forwarded by a NAT gateway, through an egress-only internet gateway, or from its own address straight to an internet gateway. */
export type BpaVia = 'nat' | 'egress-only' | 'direct';

export type BpaEgress =
  | { state: 'open'; detail?: string }
  | { state: 'blocked'; detail: string; mode: string }
  | { state: 'unknown'; detail: string; missing: Missing };

const ACTIVE = new Set(['create-complete', 'update-complete']);

/** The BPA verdict for traffic leaving `vpcId` whose source address is in `subnetId` (undefined: no subnet, e.g. a regional NAT gateway). */
export function bpaEgress(model: NetworkModel, vpcId: string, subnetId: string | undefined, functionSubnetId?: string, via: BpaVia = 'nat'): BpaEgress {
  const ec2 = model.snapshot.ec2;
  const options = ec2.VpcBlockPublicAccessOptions;
  const optionsMissing = model.missingEc2('VpcBlockPublicAccessOptions');
  if (optionsMissing?.reason === 'denied') return { state: 'unknown', detail: `${optionsMissing.action} was denied`, missing: optionsMissing };
  // Not collected (a snapshot older than BPA support): BPA off, the default.
  const mode = options?.InternetGatewayBlockMode ?? 'off';
  const blocks = mode === 'block-bidirectional' || (mode === 'block-ingress' && via === 'direct');
  if (!blocks) return { state: 'open' };
  // In block-ingress mode only a bidirectional exclusion exempts anything.
  const exempts = (e: VpcBlockPublicAccessExclusion) => (mode === 'block-ingress' ? e.InternetGatewayExclusionMode === 'allow-bidirectional' : allowsEgress(e));
  const exclusionsMissing = model.missingEc2('VpcBlockPublicAccessExclusions');
  if (exclusionsMissing) {
    return { state: 'unknown', detail: `BPA is ${mode} and ${exclusionsMissing.action} was ${exclusionsMissing.reason === 'denied' ? 'denied' : 'not collected'}`, missing: exclusionsMissing };
  }
  const exclusions = ec2.VpcBlockPublicAccessExclusions ?? [];
  const covering = exclusions.find((e) => isActive(e) && exempts(e) && (covers(e, 'vpc', vpcId) || (subnetId !== undefined && covers(e, 'subnet', subnetId))));
  if (covering) return { state: 'open', detail: `VPC Block Public Access is ${mode}; ${covering.ExclusionId} (${covering.InternetGatewayExclusionMode}) exempts ${resourceOf(covering)}` };
  const parts = [`VPC Block Public Access is ${mode}${options?.ManagedBy === 'declarative-policy' ? ' (set by an organization declarative policy)' : ''}`];
  if (mode === 'block-ingress') parts.push('it lets out only what a NAT gateway or an egress-only internet gateway sends, not an address of the function sent straight to the internet gateway');
  parts.push(subnetId ? `no active ${mode === 'block-ingress' ? 'allow-bidirectional ' : ''}exclusion covers ${subnetId} or ${vpcId}` : `no active exclusion covers ${vpcId} (a regional NAT gateway has no subnet to exclude)`);
  const functionOnly = functionSubnetId && functionSubnetId !== subnetId
    ? exclusions.find((e) => isActive(e) && exempts(e) && covers(e, 'subnet', functionSubnetId)) : undefined;
  if (functionOnly) parts.push(`${functionOnly.ExclusionId} exempts the function's subnet ${functionSubnetId}, but the internet gateway sees the NAT gateway's address`);
  const pending = exclusions.find((e) => !isActive(e) && exempts(e) && (covers(e, 'vpc', vpcId) || (subnetId !== undefined && covers(e, 'subnet', subnetId))));
  if (pending) parts.push(`${pending.ExclusionId} is ${pending.State}, not in effect`);
  return { state: 'blocked', detail: parts.join('; '), mode };
}

/** Whether exclusions can be created (not when an organization's declarative policy forbids them). */
export function bpaExclusionsAllowed(model: NetworkModel): boolean {
  const options = model.snapshot.ec2.VpcBlockPublicAccessOptions;
  return options?.ExclusionsAllowed !== 'not-allowed' && options?.ManagedBy !== 'declarative-policy';
}

const isActive = (e: VpcBlockPublicAccessExclusion): boolean => ACTIVE.has(e.State ?? '');
const allowsEgress = (e: VpcBlockPublicAccessExclusion): boolean => e.InternetGatewayExclusionMode === 'allow-egress' || e.InternetGatewayExclusionMode === 'allow-bidirectional';
const covers = (e: VpcBlockPublicAccessExclusion, kind: 'vpc' | 'subnet', id: string): boolean => (e.ResourceArn ?? '').endsWith(`:${kind}/${id}`);
const resourceOf = (e: VpcBlockPublicAccessExclusion): string => (e.ResourceArn ?? '').split(':').at(-1)?.split('/').at(-1) ?? '?';
