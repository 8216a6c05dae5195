import { defineRule, detail, traffic, where } from './define.js';

export default defineRule({
  code: 'FIREWALL_ASYMMETRIC_ROUTE',
  severity: 'error',
  title: 'Reply skips the Network Firewall endpoint',
  explanation:
    'AWS Network Firewall does not support asymmetric routing: a request and its reply must pass the same ' +
    'firewall endpoint, the one in the Availability Zone the request used. Here the route table where the reply ' +
    'turns around sends it elsewhere: the NAT gateway\'s subnet table routes the function\'s subnet locally (or to ' +
    'another AZ\'s endpoint) instead of back to the endpoint, or, with the firewall between the NAT gateway and the ' +
    'internet gateway, no route table is associated with the internet gateway (ingress routing), so replies go ' +
    'straight to the NAT gateway. The stateful engine sees one direction only and drops the flow: connections time out.',
  remediation:
    'Route the reply back through the endpoint in the same AZ: in the NAT gateway subnet\'s table, a route for each ' +
    'function subnet CIDR to that AZ\'s firewall endpoint; for a firewall in front of the internet gateway, a route ' +
    'table with an edge association to the internet gateway that sends each NAT (or public) subnet CIDR to its AZ\'s endpoint.',
  confirm: [
    'aws ec2 describe-route-tables --route-table-ids ${resource} --query "RouteTables[].Routes"',
    'aws ec2 describe-route-tables --filters Name=association.gateway-id,Values=igw-ID',
    'aws network-firewall describe-firewall --firewall-name NAME --query "FirewallStatus.SyncStates"',
  ],
  fixable: false,
  message: (e) => `Network Firewall sees only one direction of ${traffic(e)}${where(e, 'from')}: the reply is not routed back through the same endpoint at ${e.resource}${detail(e)}.`,
});
