import { defineRule, detail, where } from './define.js';
import { viaNat } from './remedy.js';

export default defineRule({
  code: 'NO_ROUTE',
  severity: 'error',
  title: 'No route for the destination',
  explanation:
    "The route table the subnet actually uses (its explicitly associated table, or the VPC's main table when " +
    'it has none) has no route whose destination covers this address: typically a private subnet without a ' +
    "0.0.0.0/0 route to a NAT gateway, or no route to a peered VPC's CIDR. With no matching route the VPC " +
    "discards the packet, and the function's call times out.",
  remediation:
    'Add the missing route to the table the subnet uses. For the internet or SES: aws ec2 create-route ' +
    '--route-table-id rtb-ID --destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-ID, with an available NAT ' +
    "gateway in the subnet's AZ. For another VPC: a route to its CIDR through the peering connection or transit " +
    'gateway. Console: VPC > Route tables > Routes > Edit routes.',
  remedy: (r, e) => {
    if (!e.resource.startsWith('rtb-')) {
      return `Give subnet ${e.resource} a route table: RTB=$(aws ec2 create-route-table --vpc-id ${r.vpc} --query RouteTable.RouteTableId ` +
        `--output text); aws ec2 associate-route-table --subnet-id ${e.resource} --route-table-id "$RTB"; then add the routes it needs to "$RTB".`;
    }
    if (r.cidr?.includes(':')) {
      return `Route ${r.cidr} of ${e.resource} to an egress-only internet gateway of ${r.vpc}: aws ec2 create-route --route-table-id ${e.resource} ` +
        '--destination-ipv6-cidr-block ::/0 --egress-only-internet-gateway-id followed by its id (aws ec2 describe-egress-only-internet-gateways ' +
        `lists them; create one with aws ec2 create-egress-only-internet-gateway --vpc-id ${r.vpc}).`;
    }
    if (!r.publicGoal) {
      const cidr = r.cidr ?? 'the destination';
      return `Add a route for ${cidr} to ${e.resource} through the peering connection or transit gateway that reaches it: aws ec2 ` +
        `create-route --route-table-id ${e.resource} --destination-cidr-block ${cidr} with --vpc-peering-connection-id or --transit-gateway-id. ` +
        'Console: VPC > Route tables > Routes > Edit routes.';
    }
    return `Add a default route to ${e.resource} through a NAT gateway: ${viaNat(r, e.resource, 'create-route')}. ` +
      'Console: VPC > Route tables > Routes > Edit routes.';
  },
  confirm: [
    'aws ec2 describe-route-tables --route-table-ids ${resource} --query "RouteTables[].Routes"',
    'aws ec2 describe-route-tables --filters Name=association.subnet-id,Values=<subnet-id> ' +
      '--query "RouteTables[].RouteTableId"',
  ],
  reachabilityAnalyzer: 'NO_ROUTE_TO_DESTINATION',
  fixable: true,
  message: (e) =>
    `${e.resource.startsWith('subnet-') ? 'Subnet' : 'Route table'} ${e.resource}${where(e, 'of')} has no route` +
    `${e.target ? ` for ${e.target}` : ''}${detail(e)}, so the VPC drops the traffic.`,
});
