import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'ENDPOINT_NO_SUBNET_IN_AZ',
  severity: 'warning',
  title: "Interface endpoint has no subnet in the function's AZ",
  explanation:
    'An interface endpoint has network interfaces only in the subnets, and so the Availability Zones, chosen ' +
    "for it. The function subnet's zone has none, so the traffic crosses to an endpoint interface in another " +
    'zone: it works, but it pays cross-AZ data transfer and stops if that zone fails. Some endpoint services ' +
    'are not offered in every zone (SES, for example, is unsupported in a few AZ IDs), which is a common reason ' +
    'the zone was left out.',
  remediation:
    'Add a subnet in that AZ to the endpoint: aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-ID ' +
    '--add-subnet-ids subnet-ID (console: VPC > Endpoints > Actions > Manage subnets), provided the service ' +
    'supports that zone (aws ec2 describe-vpc-endpoint-services lists its AvailabilityZones).',
  confirm: [
    'aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${resource} --query "VpcEndpoints[].[ServiceName,SubnetIds]"',
    'aws ec2 describe-vpc-endpoint-services --service-names <service-name> ' +
      '--query "ServiceDetails[].AvailabilityZones"',
  ],
  reachabilityAnalyzer: 'VPCE_SERVICE_NOT_INSTALLED_IN_AZ',
  fixable: false,
  message: (e) =>
    `Interface endpoint ${e.resource} has no subnet in ${e.az ?? "the function subnet's Availability Zone"}` +
    `${e.az && e.subnet ? `, the zone of subnet ${e.subnet}` : ''}${detail(e)}, so traffic crosses zones to reach it.`,
});
