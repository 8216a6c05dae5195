import { defineRule, detail, traffic, where } from './define.js';

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
