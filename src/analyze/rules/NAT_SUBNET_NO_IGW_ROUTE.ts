import { defineRule, detail, traffic } from './define.js';
import { viaNat } from './remedy.js';

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
    "If the NAT gateway's subnet is meant to be public and is not one of the function's subnets, add the route to " +
    'its route table: aws ec2 create-route (replace-route when it has a 0.0.0.0/0 route) --route-table-id rtb-ID ' +
    '--destination-cidr-block 0.0.0.0/0 --gateway-id igw-ID. If that subnet is ' +
    'private on purpose, create a new NAT gateway in a public subnet of the same AZ (a NAT gateway cannot be ' +
    "moved) and point the function subnets' routes at it.",
  remedy: (r, e) => {
    const table = r.natTable;
    const own = r.natSubnet && r.functionSubnets.includes(r.natSubnet);
    const sharesFunctionTable = table !== undefined && table === r.subnetTable;
    const repoint = r.subnetTable ? viaNat(r, r.subnetTable, 'replace-route', '0.0.0.0/0', e.resource) : 'create a NAT gateway in a public subnet and point the function subnets\' routes at it';
    if (!table || own || sharesFunctionTable) {
      const why = !table ? `${e.resource}'s subnet has no route table in the snapshot` :
        `${table} is the function's own route table (${own ? `${e.resource} sits in function subnet ${r.natSubnet}` : `function subnet ${r.subnet} uses it`}), and a function subnet that routes to the internet gateway loses all egress (Lambda ENIs get no public IP)`;
      return `Do not add an internet gateway route there: ${why}. Move the function's egress to a NAT gateway in a public subnet instead: ${repoint}.`;
    }
    const igwRoute = r.igw
      ? `aws ec2 ${r.natTableHasDefault ? 'replace-route' : 'create-route'} --route-table-id ${table} --destination-cidr-block 0.0.0.0/0 --gateway-id ${r.igw}`
      : `attach an internet gateway to ${r.vpc} first (IGW_NOT_ATTACHED), then route ${table}'s 0.0.0.0/0 to it`;
    return `If ${r.natSubnet ?? "the NAT gateway's subnet"} is meant to be public: ${igwRoute}. If it is private on purpose, a NAT gateway cannot be moved: ${repoint}.`;
  },
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
