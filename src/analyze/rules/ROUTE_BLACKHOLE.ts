import { defineRule, detail, traffic, where } from './define.js';
import { viaNat } from './remedy.js';

export default defineRule({
  code: 'ROUTE_BLACKHOLE',
  severity: 'error',
  title: 'Matching route is a blackhole',
  explanation:
    'The route that matches the destination has State blackhole: its target (a NAT gateway, network interface, ' +
    'peering connection or internet gateway) was deleted, detached or failed, but the route was left behind. ' +
    'The VPC still chooses it, because the longest matching prefix wins, and then drops the packet, so the call ' +
    'times out. A deleted or failed NAT gateway, or an internet gateway detached from the VPC, is the usual ' +
    'cause; the route stays a blackhole until someone replaces or deletes it.',
  remediation:
    'Point the route at a working target: aws ec2 replace-route --route-table-id rtb-ID ' +
    '--destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-ID with an available NAT gateway in the same AZ ' +
    '(create one first if none exists), or remove the stale route with aws ec2 delete-route when a broader ' +
    'route should apply instead. Console: VPC > Route tables > Routes > Edit routes.',
  remedy: (r, e) => {
    const table = e.resource;
    const cidr = r.cidr ?? '0.0.0.0/0';
    if (cidr.includes(':')) {
      return `Remove the stale IPv6 route (aws ec2 delete-route --route-table-id ${table} --destination-ipv6-cidr-block ${cidr}) and route ` +
        `::/0 to an egress-only internet gateway of ${r.vpc} (aws ec2 create-route --route-table-id ${table} --destination-ipv6-cidr-block ::/0 ` +
        '--egress-only-internet-gateway-id followed by its id).';
    }
    const remove = `aws ec2 delete-route --route-table-id ${table} --destination-cidr-block ${cidr}`;
    if (!r.publicGoal) {
      return `Point ${cidr} of ${table} at the peering connection or transit gateway that reaches it (aws ec2 replace-route ` +
        `--route-table-id ${table} --destination-cidr-block ${cidr} with --vpc-peering-connection-id or --transit-gateway-id), ` +
        `or remove it (${remove}) when a broader route should apply.`;
    }
    if (cidr !== '0.0.0.0/0') return `Remove the stale route so that the broader route applies (${remove}), or point it at a working NAT gateway: ${viaNat(r, table, 'replace-route', cidr)}.`;
    return `Point ${table}'s default route at a working NAT gateway: ${viaNat(r, table, 'replace-route', cidr)}. Console: VPC > Route tables > Routes > Edit routes.`;
  },
  confirm: [
    'aws ec2 describe-route-tables --route-table-ids ${resource} ' +
      '--query "RouteTables[].Routes[?State==\'blackhole\']"',
    'aws ec2 describe-nat-gateways --filter Name=state,Values=failed,deleting,deleted ' +
      '--query "NatGateways[].[NatGatewayId,State,FailureMessage]"',
  ],
  reachabilityAnalyzer: 'BAD_STATE_ROUTE',
  fixable: true,
  message: (e) =>
    `Route table ${e.resource}${where(e, 'of')} sends ${traffic(e)} to a blackhole route${detail(e)}: ` +
    `its target no longer exists or is not attached.`,
});
