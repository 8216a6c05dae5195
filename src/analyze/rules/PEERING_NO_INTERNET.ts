import { defineRule, detail, traffic, where } from './define.js';
import { viaNat } from './remedy.js';

export default defineRule({
  code: 'PEERING_NO_INTERNET',
  severity: 'error',
  title: 'Internet traffic is routed into a VPC peering connection',
  explanation:
    'The route for this public destination points at a VPC peering connection, usually in the hope of using a ' +
    'NAT gateway or internet gateway in the peer VPC. VPC peering does not support that (AWS calls it edge to ' +
    'edge routing): a peering connection only carries packets to and from addresses inside the two VPCs, and ' +
    "the peer VPC's gateways do not forward traffic that arrived over peering. The packets are dropped and the " +
    'call times out.',
  remediation:
    'Give this VPC its own egress: a NAT gateway in a public subnet of this VPC and a 0.0.0.0/0 route to it ' +
    '(aws ec2 replace-route --route-table-id rtb-ID --destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-ID). ' +
    'To share one egress point between many VPCs, use a transit gateway with a central egress VPC instead of ' +
    'peering.',
  remedy: (r, e) =>
    `Give ${r.vpc} its own egress: ${viaNat(r, e.resource, 'replace-route', r.cidr ?? '0.0.0.0/0')}. To share one egress point ` +
    'between many VPCs, use a transit gateway with a central egress VPC instead of peering.',
  confirm: [
    'aws ec2 describe-route-tables --route-table-ids ${resource} ' +
      '--query "RouteTables[].Routes[?VpcPeeringConnectionId]"',
    'aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids <pcx-id> ' +
      '--query "VpcPeeringConnections[].[RequesterVpcInfo.CidrBlock,AccepterVpcInfo.CidrBlock,Status.Code]"',
  ],
  reachabilityAnalyzer: 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR',
  fixable: false,
  message: (e) =>
    `Route table ${e.resource}${where(e, 'of')} sends ${traffic(e, 'internet traffic')} into a VPC ` +
    `peering connection${detail(e)}, which carries only traffic for the peer VPC's own addresses.`,
});
