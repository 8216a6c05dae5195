import { defineRule, detail, traffic } from './define.js';

export default defineRule({
  code: 'TGW_RETURN_ROUTE_MISSING',
  severity: 'error',
  title: "Replies have no route back to the function's VPC",
  explanation:
    'Through a transit gateway the reply path is routed separately from the request. In the egress VPC the ' +
    "NAT gateway's subnet must route the function VPC's addresses back to the transit gateway, and the transit " +
    "gateway route table associated with the egress VPC's attachment must route them to the function VPC's " +
    'attachment (a propagation or a static route). When either is missing the request leaves but the reply is ' +
    'dropped or sent elsewhere, so the connection times out although every outbound hop looks right.',
  remediation:
    "Add the missing return route: in the egress VPC, aws ec2 create-route --route-table-id rtb-ID " +
    "--destination-cidr-block FUNCTION-VPC-CIDR --transit-gateway-id tgw-ID; in the transit gateway, enable " +
    "propagation of the function VPC's attachment into the egress attachment's route table " +
    '(aws ec2 enable-transit-gateway-route-table-propagation) or add a static route.',
  remedy: (r, e) => {
    const cidr = r.functionVpcCidr ?? "the function VPC's CIDR";
    const tgw = r.tgw ?? 'the transit gateway';
    if (e.resource.startsWith('rtb-')) {
      return `In the egress VPC, send the replies back: aws ec2 create-route --route-table-id ${e.resource} --destination-cidr-block ${cidr} ` +
        `--transit-gateway-id ${tgw} (replace-route instead if ${e.resource} already has a route for ${cidr}).`;
    }
    const attachment = r.tgwAttachment ?? "the function VPC's attachment";
    if (e.resource.startsWith('tgw-rtb-')) {
      return `In ${e.resource}, route ${cidr} to ${attachment}: enable propagation (aws ec2 enable-transit-gateway-route-table-propagation ` +
        `--transit-gateway-route-table-id ${e.resource} --transit-gateway-attachment-id ${attachment}) or add a static route (aws ec2 ` +
        `create-transit-gateway-route --transit-gateway-route-table-id ${e.resource} --destination-cidr-block ${cidr} --transit-gateway-attachment-id ${attachment}).`;
    }
    return `Associate ${e.resource} with a route table of ${tgw} that sends ${cidr} to ${attachment} (aws ec2 associate-transit-gateway-route-table ` +
      `--transit-gateway-attachment-id ${e.resource}, naming that table).`;
  },
  confirm: [
    'aws ec2 describe-route-tables --route-table-ids ${resource}',
    'aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id ${resource} --filters Name=state,Values=active,blackhole',
  ],
  reachabilityAnalyzer: 'NO_ROUTE_TO_DESTINATION',
  fixable: false,
  message: (e) => `Route table ${e.resource} does not route the replies of ${traffic(e)} back to the function's VPC${detail(e)}.`,
});
