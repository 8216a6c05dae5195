import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'IGW_NOT_ATTACHED',
  severity: 'error',
  title: 'Internet gateway is not attached to the VPC',
  explanation:
    'The path to the internet ends at an internet gateway that is not attached to this VPC: it was detached, ' +
    'is attached to another VPC, or is still attaching. An internet gateway only carries traffic for the VPC it ' +
    'is attached to, so packets sent to it, including everything the NAT gateway forwards, go nowhere, and ' +
    'routes to it typically show as blackhole. A public NAT gateway cannot even be created in a VPC without an ' +
    'attached internet gateway.',
  remediation:
    'Attach it: aws ec2 attach-internet-gateway --internet-gateway-id igw-ID --vpc-id vpc-ID (console: VPC > ' +
    'Internet gateways > Actions > Attach to VPC). A VPC can have only one internet gateway; if another one is ' +
    'already attached, point the routes at that one instead.',
  confirm: [
    'aws ec2 describe-internet-gateways --internet-gateway-ids ${resource} ' +
      '--query "InternetGateways[].Attachments"',
    'aws ec2 describe-internet-gateways --filters Name=attachment.vpc-id,Values=<vpc-id> ' +
      '--query "InternetGateways[].InternetGatewayId"',
  ],
  reachabilityAnalyzer: 'BAD_STATE_ATTACHMENT',
  fixable: false,
  message: (e) =>
    e.resource.startsWith('vpc-')
      ? `VPC ${e.resource} has no internet gateway attached${detail(e)}, so nothing in it reaches the internet.`
      : `Internet gateway ${e.resource} is not attached to the function's VPC${detail(e)}, so nothing routed to it reaches the internet.`,
});
