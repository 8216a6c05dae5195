import { defineRule, detail, traffic } from './define.js';

export default defineRule({
  code: 'TGW_NO_ROUTE',
  severity: 'error',
  title: 'No transit gateway route matches the destination',
  explanation:
    "The transit gateway routes a packet by the route table associated with the attachment it came from (the " +
    "function VPC's attachment). When that table has no route for the destination (typically no 0.0.0.0/0 to " +
    'the egress VPC attachment, or the attachment is associated with no table at all) the transit gateway drops ' +
    'the packet.',
  remediation:
    'Add a static route to the egress VPC attachment in the route table associated with the function VPC: ' +
    'aws ec2 create-transit-gateway-route --transit-gateway-route-table-id tgw-rtb-ID ' +
    '--destination-cidr-block 0.0.0.0/0 --transit-gateway-attachment-id tgw-attach-EGRESS, or associate the ' +
    'attachment with a route table (aws ec2 associate-transit-gateway-route-table).',
  remedy: (r, e) => {
    const tgw = r.tgw ?? 'the transit gateway';
    const list = `aws ec2 describe-transit-gateway-attachments --filters Name=transit-gateway-id,Values=${tgw}`;
    if (!e.resource.startsWith('tgw-rtb-')) {
      return `Associate ${e.resource} with a route table of ${tgw} that routes the traffic on (aws ec2 associate-transit-gateway-route-table --transit-gateway-attachment-id ${e.resource} ` +
        `--transit-gateway-route-table-id naming that table; aws ec2 describe-transit-gateway-route-tables --filters Name=transit-gateway-id,Values=${tgw} lists them).`;
    }
    const create = `aws ec2 create-transit-gateway-route --transit-gateway-route-table-id ${e.resource} --destination-cidr-block`;
    if (!r.publicGoal) return `Add a route in ${e.resource} for the destination's block to the attachment of the VPC that holds it: ${create} followed by that block and --transit-gateway-attachment-id (${list}).`;
    if (!r.tgwEgress) return `Add a default route in ${e.resource} to the attachment of an egress VPC (one whose NAT gateway reaches the internet): ${create} 0.0.0.0/0 --transit-gateway-attachment-id with its id (${list}); no attachment of ${tgw} leads to such a VPC yet.`;
    return `Add a default route in ${e.resource} to ${r.tgwEgress}, the attachment of a VPC whose NAT gateway reaches the internet: ${create} 0.0.0.0/0 --transit-gateway-attachment-id ${r.tgwEgress}.`;
  },
  confirm: [
    'aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id ${resource} ' +
      '--filters Name=state,Values=active,blackhole',
  ],
  reachabilityAnalyzer: 'TGW_RTB_CANNOT_ROUTE',
  fixable: false,
  message: (e) => `Transit gateway route table ${e.resource} has no route for ${traffic(e)}${detail(e)}.`,
});
