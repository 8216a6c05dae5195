import { defineRule, detail } from './define.js';
import { replaceNat } from './remedy.js';

export default defineRule({
  code: 'NAT_NO_PUBLIC_IP',
  severity: 'error',
  title: 'Public NAT gateway without an Elastic IP',
  explanation:
    'A public NAT gateway translates private source addresses to its Elastic IP before handing packets to the ' +
    'internet gateway. Without an Elastic IP it has no public address to translate to, so the internet gateway ' +
    'drops what it forwards: calls from the function reach the NAT gateway and then time out, with no error.',
  remediation:
    'Allocate an Elastic IP (aws ec2 allocate-address --domain vpc) and create a new NAT gateway with it in a subnet ' +
    'that routes 0.0.0.0/0 to an attached internet gateway, then point the function subnets\' routes at it.',
  remedy: (r, e) => `A NAT gateway cannot be given an Elastic IP after creation. ${replaceNat(r, e.resource)}`,
  confirm: [
    'aws ec2 describe-nat-gateways --nat-gateway-ids ${resource} --query "NatGateways[].NatGatewayAddresses"',
  ],
  reachabilityAnalyzer: 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS',
  fixable: true,
  message: (e) => `NAT gateway ${e.resource} has no Elastic IP${detail(e)}, so nothing it forwards reaches the internet.`,
});
