import { defineRule, detail, traffic, where } from './define.js';

export default defineRule({
  code: 'TGW_ATTACHMENT_MISSING',
  severity: 'error',
  title: 'VPC has no working transit gateway attachment',
  explanation:
    "A route of the function's subnet sends the traffic to a transit gateway, but the VPC has no attachment to " +
    'that gateway in the available state (it was deleted, is still pending acceptance by the gateway owner, or ' +
    'failed). Without an attachment the VPC cannot hand packets to the transit gateway, so they are dropped and ' +
    'the call times out.',
  remediation:
    'Attach the VPC (aws ec2 create-transit-gateway-vpc-attachment --transit-gateway-id tgw-ID --vpc-id vpc-ID ' +
    '--subnet-ids one-subnet-per-AZ), or have the gateway owner accept the pending attachment ' +
    '(aws ec2 accept-transit-gateway-vpc-attachment); or point the route at a NAT gateway in this VPC.',
  confirm: [
    'aws ec2 describe-transit-gateway-vpc-attachments --filters Name=transit-gateway-id,Values=${resource} ' +
      '--query "TransitGatewayVpcAttachments[].[TransitGatewayAttachmentId,VpcId,State]"',
  ],
  reachabilityAnalyzer: 'BAD_STATE_ATTACHMENT',
  fixable: false,
  message: (e) => `Transit gateway ${e.resource} cannot take ${traffic(e)}${where(e)}${detail(e)}.`,
});
