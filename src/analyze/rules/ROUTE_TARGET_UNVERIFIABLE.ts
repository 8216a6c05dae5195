import { defineRule, detail, traffic, where } from './define.js';

export default defineRule({
  code: 'ROUTE_TARGET_UNVERIFIABLE',
  severity: 'warning',
  title: 'Route goes to an instance or network interface',
  explanation:
    'The matching route sends traffic to an EC2 instance or a network interface (a self-managed NAT instance, ' +
    'firewall or proxy appliance) rather than to a NAT gateway or internet gateway. What happens next depends ' +
    "on software on that instance (its iptables or proxy rules, its source/destination check, its own subnet's " +
    'routing), which the AWS APIs do not describe, so vpcdoctor marks the hop unknown instead of guessing. The ' +
    'path may well work; it just cannot be proven from configuration.',
  remediation:
    'Check the appliance by hand: the instance is running, its source/destination check is disabled, it has a ' +
    'public IP or its own route to a NAT or internet gateway, and its security group admits the function. ' +
    'Consider replacing a NAT instance with a managed NAT gateway (aws ec2 create-nat-gateway) and pointing the ' +
    'route at it with aws ec2 replace-route.',
  confirm: [
    'aws ec2 describe-route-tables --route-table-ids ${resource} ' +
      '--query "RouteTables[].Routes[?InstanceId || NetworkInterfaceId]"',
    'aws ec2 describe-network-interfaces --network-interface-ids <eni-id> ' +
      '--query "NetworkInterfaces[].[Status,SourceDestCheck,Association.PublicIp,Attachment.InstanceId]"',
  ],
  fixable: false,
  message: (e) =>
    `Route table ${e.resource}${where(e, 'of')} sends ${traffic(e)} to a target` +
    `${detail(e)} whose forwarding vpcdoctor cannot verify, so the path beyond it is unknown.`,
});
