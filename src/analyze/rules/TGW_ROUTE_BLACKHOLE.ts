import { defineRule, detail, traffic } from './define.js';

export default defineRule({
  code: 'TGW_ROUTE_BLACKHOLE',
  severity: 'error',
  title: 'Matching transit gateway route is a blackhole',
  explanation:
    'The route that matches the destination in the transit gateway route table has State blackhole: either it ' +
    'was created as a blackhole on purpose (to drop that traffic), or its attachment was deleted and a static ' +
    'route was left behind. The longest prefix still wins, so the transit gateway drops the packet.',
  remediation:
    'Replace the route with one to a live attachment: aws ec2 replace-transit-gateway-route ' +
    '--transit-gateway-route-table-id tgw-rtb-ID --destination-cidr-block CIDR --transit-gateway-attachment-id ' +
    'tgw-attach-ID, or delete it if a broader route should apply (aws ec2 delete-transit-gateway-route).',
  confirm: [
    'aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id ${resource} --filters Name=state,Values=blackhole',
  ],
  reachabilityAnalyzer: 'TGW_RTB_BAD_STATE_ROUTE',
  fixable: false,
  message: (e) => `Transit gateway route table ${e.resource} drops ${traffic(e)} at a blackhole route${detail(e)}.`,
});
