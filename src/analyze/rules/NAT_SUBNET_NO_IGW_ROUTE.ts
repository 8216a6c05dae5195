import { defineRule, detail, traffic } from './define.js';

export default defineRule({
  code: 'NAT_SUBNET_NO_IGW_ROUTE',
  severity: 'error',
  title: "NAT gateway's own subnet does not route to an internet gateway",
  explanation:
    'A zonal public NAT gateway forwards translated traffic using the route table of the subnet it was created ' +
    'in, so that subnet must be a public subnet: it needs a route for the destination (normally 0.0.0.0/0) to ' +
    "an attached internet gateway. The NAT subnet's route table has no such route: none at all, a route to a " +
    'NAT gateway (often the same one, when it was created in a private subnet by mistake), or a blackhole. The ' +
    'function reaches the NAT gateway, and the traffic dies there. (Regional NAT gateways have no subnet.)',
  remediation:
    "If the NAT gateway's subnet is meant to be public, add the route to its route table: aws ec2 create-route " +
    '--route-table-id rtb-NATSUBNET --destination-cidr-block 0.0.0.0/0 --gateway-id igw-ID. If that subnet is ' +
    'private on purpose, create a new NAT gateway in a public subnet of the same AZ (a NAT gateway cannot be ' +
    "moved) and point the function subnets' routes at it.",
  confirm: [
    'aws ec2 describe-nat-gateways --nat-gateway-ids ${resource} --query "NatGateways[].[SubnetId,VpcId]"',
    'aws ec2 describe-route-tables --filters Name=association.subnet-id,Values=<nat-subnet-id> ' +
      '--query "RouteTables[].Routes"',
  ],
  reachabilityAnalyzer: 'NO_ROUTE_TO_DESTINATION',
  fixable: true,
  message: (e) =>
    `The subnet of NAT gateway ${e.resource} does not route ${traffic(e)} to an internet gateway${detail(e)}, ` +
    `so traffic stops at the NAT gateway.`,
});
