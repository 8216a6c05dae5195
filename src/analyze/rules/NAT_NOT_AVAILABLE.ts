import { defineRule, detail, where } from './define.js';
import { replaceNat } from './remedy.js';

export default defineRule({
  code: 'NAT_NOT_AVAILABLE',
  severity: 'error',
  title: 'NAT gateway is not available',
  explanation:
    'The route points at a NAT gateway whose State is not available: pending (still being created, usually a ' +
    'few minutes), failed (creation failed; FailureCode and FailureMessage say why, for example the Elastic IP ' +
    'could not be associated or the VPC has no internet gateway attached), or deleting/deleted. Only an ' +
    "available NAT gateway forwards traffic, so the function's calls time out. A failed NAT gateway is deleted " +
    'automatically after about an hour, and the routes to it then turn into blackholes.',
  remediation:
    'If it is pending, wait: aws ec2 wait nat-gateway-available --nat-gateway-ids nat-ID. Otherwise fix the ' +
    'cause given in FailureMessage, create a new NAT gateway in a public subnet of the same AZ (aws ec2 ' +
    'create-nat-gateway --subnet-id subnet-ID --allocation-id eipalloc-ID), wait until it is available, then ' +
    "point the function subnets' 0.0.0.0/0 routes at it with aws ec2 replace-route.",
  remedy: (r, e) => {
    if (e.detail?.startsWith('state pending')) return `Wait until it is available: aws ec2 wait nat-gateway-available --nat-gateway-ids ${e.resource}.`;
    const why = e.detail?.includes('failed') ? 'a failed NAT gateway never recovers (fix the cause in its FailureMessage before creating another)' : 'a deleted NAT gateway never comes back';
    return `${e.resource} will not carry traffic again: ${why}. ${replaceNat(r, e.resource)}`;
  },
  confirm: [
    'aws ec2 describe-nat-gateways --nat-gateway-ids ${resource} ' +
      '--query "NatGateways[].[State,FailureCode,FailureMessage,SubnetId]"',
  ],
  reachabilityAnalyzer: 'BAD_STATE',
  fixable: true,
  message: (e) =>
    `NAT gateway ${e.resource} is not available${detail(e)}, so it forwards nothing` +
    `${where(e, 'from')}.`,
});
