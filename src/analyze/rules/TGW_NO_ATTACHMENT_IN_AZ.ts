import { defineRule, detail, traffic, where } from './define.js';

export default defineRule({
  code: 'TGW_NO_ATTACHMENT_IN_AZ',
  severity: 'error',
  title: 'Transit gateway attachment has no subnet in this AZ',
  explanation:
    'A transit gateway places one network interface per Availability Zone, in the subnets chosen for the VPC ' +
    'attachment. Traffic is forwarded to the transit gateway only from zones where the attachment has a subnet ' +
    '(Transit Gateway user guide, "How transit gateways work"). From a function subnet in any other zone the ' +
    'route to the transit gateway exists but the packets go nowhere, so invocations that land in that zone time ' +
    'out while the others work.',
  remediation:
    'Add a subnet of that Availability Zone to the attachment: aws ec2 modify-transit-gateway-vpc-attachment ' +
    '--transit-gateway-attachment-id tgw-attach-ID --add-subnet-ids subnet-ID (a small dedicated subnet per AZ ' +
    'is the usual layout).',
  confirm: [
    'aws ec2 describe-transit-gateway-vpc-attachments --transit-gateway-attachment-ids ${resource} ' +
      '--query "TransitGatewayVpcAttachments[].SubnetIds"',
  ],
  reachabilityAnalyzer: 'TGW_ROUTE_AZ_RESTRICTION',
  fixable: false,
  message: (e) => `Attachment ${e.resource} has no subnet in the Availability Zone of ${traffic(e)}${where(e, 'from')}${detail(e)}.`,
});
