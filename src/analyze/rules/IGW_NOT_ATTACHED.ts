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
  remedy: (r, e) => {
    const tables = r.tablesRoutingTo ?? [];
    const repoint = (igw: string) => tables.map((t) => `aws ec2 replace-route --route-table-id ${t} --destination-cidr-block 0.0.0.0/0 --gateway-id ${igw}`).join('; ');
    if (e.resource.startsWith('eigw-')) {
      return `Create an egress-only internet gateway for ${r.vpc} (aws ec2 create-egress-only-internet-gateway --vpc-id ${r.vpc}) and point ` +
        `::/0 of ${r.subnetTable ?? "the function subnets' tables"} at it (aws ec2 replace-route --destination-ipv6-cidr-block ::/0 --egress-only-internet-gateway-id followed by its id).`;
    }
    if (r.igw && r.igw !== e.resource && tables.length > 0) return `${r.igw} is the internet gateway attached to ${r.vpc}: point the routes at it (${repoint(r.igw)}).`;
    if (e.detail?.includes(`${r.vpc} (`)) return `${e.resource} is still attaching to ${r.vpc} (${e.detail}): wait until the attachment is available (aws ec2 describe-internet-gateways --internet-gateway-ids ${e.resource}).`;
    const create = 'IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text); ' +
      `aws ec2 attach-internet-gateway --internet-gateway-id "$IGW" --vpc-id ${r.vpc}`;
    if (e.resource.startsWith('vpc-')) return `${r.vpc} has no internet gateway: ${create}.`;
    if (e.detail?.startsWith('attached to') || e.detail === 'it does not exist') {
      return `${e.resource} cannot serve ${r.vpc} (${e.detail}): create one for it (${create}) and point the routes at it` +
        `${tables.length > 0 ? ` (${repoint('"$IGW"')})` : ''}.`;
    }
    return `Attach it: aws ec2 attach-internet-gateway --internet-gateway-id ${e.resource} --vpc-id ${r.vpc} (console: VPC > Internet gateways > Actions > Attach to VPC).`;
  },
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
