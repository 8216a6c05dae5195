// The gateway hop under VPC Block Public Access: an internet gateway (after a NAT gateway, or straight
// from the function's IPv6 address) or an egress-only internet gateway, open unless BPA drops it.
import { bpaEgress, type BpaVia } from '../../model/bpa.js';
import type { PathTrace } from './path.js';

/** `sourceSubnet`: the subnet that owns the packet's source address at the gateway; `attached`: what the hop says of the gateway itself. */
export function bpaGatewayHop(trace: PathTrace, gatewayId: string, attached: string, sourceSubnet: string | undefined, via: BpaVia): void {
  const bpa = bpaEgress(trace.model, trace.vpcId, sourceSubnet, trace.source.subnetId, via);
  if (bpa.state === 'open') {
    trace.add('internet-gateway', gatewayId, true, bpa.detail ? `${attached}; ${bpa.detail}` : attached);
  } else if (bpa.state === 'blocked') {
    const code = trace.raise('VPC_BLOCK_PUBLIC_ACCESS', { resource: gatewayId, detail: bpa.detail });
    trace.add('internet-gateway', gatewayId, false, `${attached}, but ${bpa.detail}`, [code]);
  } else {
    const code = bpa.missing.reason === 'denied' ? 'PERMISSION_DENIED' : 'DATA_NOT_COLLECTED';
    trace.raise(code, { resource: bpa.missing.action });
    trace.add('internet-gateway', gatewayId, null, `${attached}; cannot tell whether VPC Block Public Access drops the traffic: ${bpa.detail}`, [code]);
  }
}
