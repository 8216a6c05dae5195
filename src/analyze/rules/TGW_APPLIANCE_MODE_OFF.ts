import { defineRule, detail, traffic } from './define.js';

export default defineRule({
  code: 'TGW_APPLIANCE_MODE_OFF',
  severity: 'warning',
  title: 'Appliance mode off with a firewall behind the attachment',
  explanation:
    'Without appliance mode a transit gateway keeps traffic in the Availability Zone it came from, so the two ' +
    'directions of one flow between different AZs can pass different firewall endpoints. A stateful firewall ' +
    '(AWS Network Firewall, a Gateway Load Balancer appliance) that sees only half a flow drops it, so some ' +
    'connections fail intermittently. AWS recommends appliance mode on the inspection VPC attachment.',
  remediation:
    'aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id tgw-attach-ID ' +
    '--options ApplianceModeSupport=enable',
  confirm: [
    'aws ec2 describe-transit-gateway-vpc-attachments --transit-gateway-attachment-ids ${resource} ' +
      '--query "TransitGatewayVpcAttachments[].Options.ApplianceModeSupport"',
  ],
  reachabilityAnalyzer: 'TGW_ATTACH_VPC_AZ_RESTRICTION',
  fixable: false,
  message: (e) => `Attachment ${e.resource} has appliance mode off, and ${traffic(e)} goes through a firewall behind it${detail(e)}.`,
});
