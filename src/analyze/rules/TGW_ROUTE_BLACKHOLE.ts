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
  remedy: (r, e) => {
    const table = `--transit-gateway-route-table-id ${e.resource}`;
    if (!r.cidr) return `The blackhole route of ${e.resource} is a prefix-list route: point its prefix list reference at a live attachment (aws ec2 modify-transit-gateway-prefix-list-reference ${table}).`;
    const drop = `aws ec2 delete-transit-gateway-route ${table} --destination-cidr-block ${r.cidr}`;
    // Replies go back to the function VPC's attachment; requests for the internet to an egress VPC's.
    const next = r.tgwAttachment ?? (r.publicGoal ? r.tgwEgress : undefined);
    const what = r.tgwAttachment ? "the function VPC's attachment, where the replies belong" : 'the attachment of a VPC whose NAT gateway reaches the internet';
    if (!next) {
      return `The route for ${r.cidr} in ${e.resource} is a blackhole: point it at the live attachment that should carry it (aws ec2 replace-transit-gateway-route ${table} --destination-cidr-block ${r.cidr} ` +
        `--transit-gateway-attachment-id with that attachment's id; aws ec2 describe-transit-gateway-attachments --filters Name=transit-gateway-id,Values=${r.tgw ?? e.resource} lists them), or delete it if a broader route should apply (${drop}).`;
    }
    return `Point the route for ${r.cidr} in ${e.resource} at ${next}, ${what}: aws ec2 replace-transit-gateway-route ${table} ` +
      `--destination-cidr-block ${r.cidr} --transit-gateway-attachment-id ${next}${r.cidr.endsWith('/0') ? '' : `; or delete it if a broader route should apply (${drop})`}.`;
  },
  confirm: [
    'aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id ${resource} --filters Name=state,Values=blackhole',
  ],
  reachabilityAnalyzer: 'TGW_RTB_BAD_STATE_ROUTE',
  fixable: false,
  message: (e) => `Transit gateway route table ${e.resource} drops ${traffic(e)} at a blackhole route${detail(e)}.`,
});
