import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'NAT_REGIONAL_AZ_NOT_SERVED',
  severity: 'error',
  title: "Regional NAT gateway does not serve the function's AZ",
  explanation:
    'A regional NAT gateway (AvailabilityMode regional) handles traffic only in the Availability Zones where it ' +
    'has addresses. In manual mode it serves just the zones listed in its AvailabilityZoneAddresses; in ' +
    'automatic mode AWS adds a zone when workloads appear there, and until it has, that zone is not served. It ' +
    "has no address in the function subnet's zone, so traffic from there is not translated and calls time out, " +
    'often only for the invocations that run in that zone.',
  remediation:
    "In manual mode, add the function's AZ with an Elastic IP to the NAT gateway's Availability Zone addresses " +
    '(console: VPC > NAT gateways, or the AvailabilityZoneAddresses property in your infrastructure code). In ' +
    'automatic mode, check that the gateway is available and give the expansion time; meanwhile a zonal NAT ' +
    "gateway in that AZ, routed from the subnet's route table, is a workaround.",
  confirm: [
    'aws ec2 describe-nat-gateways --nat-gateway-ids ${resource} --output json',
    'aws ec2 describe-subnets --subnet-ids <function-subnet-id> --query "Subnets[].AvailabilityZone"',
  ],
  reachabilityAnalyzer: 'REGIONAL_NGW_ROUTE_AZ_RESTRICTION',
  fixable: false,
  message: (e) =>
    `Regional NAT gateway ${e.resource} has no address in ${e.az ?? "the function subnet's Availability Zone"}` +
    `${e.az && e.subnet ? `, the zone of subnet ${e.subnet}` : ''}${detail(e)}, so traffic from there is not translated.`,
});
