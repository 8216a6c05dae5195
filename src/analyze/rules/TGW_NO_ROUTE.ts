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
  confirm: [
    'aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id ${resource} ' +
      '--filters Name=state,Values=active,blackhole',
  ],
  reachabilityAnalyzer: 'TGW_RTB_CANNOT_ROUTE',
  fixable: false,
  message: (e) => `Transit gateway route table ${e.resource} has no route for ${traffic(e)}${detail(e)}.`,
});
