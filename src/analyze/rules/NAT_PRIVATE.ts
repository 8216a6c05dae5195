import { defineRule, detail, traffic } from './define.js';
import { replaceNat } from './remedy.js';

export default defineRule({
  code: 'NAT_PRIVATE',
  severity: 'error',
  title: 'Internet traffic goes through a private NAT gateway',
  explanation:
    'The NAT gateway has ConnectivityType private. A private NAT gateway translates to its own private address ' +
    'and is meant for reaching other VPCs or on-premises networks through a transit gateway or virtual private ' +
    'gateway. It cannot have an Elastic IP, and if its traffic is routed to an internet gateway, the internet ' +
    'gateway drops it. Internet and SES traffic sent through it never arrives, and the calls time out.',
  remediation:
    'Create a public NAT gateway in a subnet that routes 0.0.0.0/0 to the internet gateway (aws ec2 ' +
    'allocate-address --domain vpc; aws ec2 create-nat-gateway --subnet-id subnet-PUBLIC --allocation-id ' +
    "eipalloc-ID --connectivity-type public) and point the function subnets' 0.0.0.0/0 route at it with aws ec2 " +
    'replace-route. Keep the private NAT gateway for the private ranges it serves.',
  remedy: (r, e) => `${replaceNat(r, e.resource)} Keep ${e.resource} for the private ranges it serves.`,
  confirm: [
    'aws ec2 describe-nat-gateways --nat-gateway-ids ${resource} ' +
      '--query "NatGateways[].[ConnectivityType,NatGatewayAddresses,SubnetId]"',
  ],
  reachabilityAnalyzer: 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS',
  fixable: true,
  message: (e) =>
    `NAT gateway ${e.resource} is a private NAT gateway${detail(e)}, so ` +
    `${traffic(e, 'internet traffic')} sent through it never reaches the internet.`,
});
