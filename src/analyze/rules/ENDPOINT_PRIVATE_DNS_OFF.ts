import { defineRule, detail, traffic } from './define.js';

export default defineRule({
  code: 'ENDPOINT_PRIVATE_DNS_OFF',
  severity: 'warning',
  title: 'Interface endpoint exists but its private DNS is off',
  explanation:
    "The VPC has an interface endpoint for the target's service, but its PrivateDnsEnabled is false (or the " +
    "VPC's DNS hostnames or DNS support attribute is off), so the service's public host name, the one the AWS " +
    'SDK uses, still resolves to public IPs. The traffic bypasses the endpoint and goes out through the NAT ' +
    'gateway; if there is no working NAT path, calls time out even though "there is an endpoint". Only code ' +
    "that calls the endpoint's own DNS name (vpce-...amazonaws.com) uses it.",
  remediation:
    'Enable private DNS on the endpoint: aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-ID ' +
    '--private-dns-enabled (console: VPC > Endpoints > Actions > Modify private DNS name). It needs ' +
    "enableDnsSupport and enableDnsHostnames on the VPC. Alternatively, configure the SDK client with the " +
    "endpoint's own DNS name.",
  confirm: [
    'aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${resource} ' +
      '--query "VpcEndpoints[].[ServiceName,PrivateDnsEnabled,State,VpcId]"',
  ],
  fixable: false,
  message: (e) =>
    `Interface endpoint ${e.resource} has private DNS turned off${detail(e)}, so ` +
    `${traffic(e, 'traffic for the service')} takes the public route instead of the endpoint.`,
});
