import { defineRule, detail, traffic } from './define.js';

export default defineRule({
  code: 'FIREWALL_NOT_READY_IN_AZ',
  severity: 'error',
  title: 'Network Firewall has no ready endpoint in the Availability Zone',
  explanation:
    'A route sends the traffic to an AWS Network Firewall endpoint, but the firewall\'s sync state for this ' +
    'Availability Zone is missing or its attachment is not READY (CREATING, DELETING, FAILED, ERROR, SCALING). ' +
    'A firewall endpoint forwards nothing until its attachment is READY, so the traffic is dropped at the endpoint.',
  remediation:
    'Wait for the attachment to become READY, or map a subnet of this Availability Zone to the firewall ' +
    '(aws network-firewall associate-subnets --firewall-arn ARN --subnet-mappings SubnetId=subnet-ID) and route ' +
    'this AZ\'s traffic to that AZ\'s endpoint.',
  remedy: (r, e) => {
    const fw = r.firewall;
    if (!fw) return e.resource;
    const arn = `--firewall-arn ${fw.arn}`;
    const read = `aws network-firewall describe-firewall ${arn} --query 'FirewallStatus.SyncStates."${fw.az}".Attachment.[Status,StatusMessage]'`;
    if (fw.status === 'CREATING' || fw.status === 'SCALING') {
      return `Wait until endpoint ${fw.endpoint} of ${fw.name} in ${fw.az} is READY (${read}); until then ${fw.az}'s traffic through it is dropped.`;
    }
    if (fw.status === 'ERROR') return `Read why endpoint ${fw.endpoint} of ${fw.name} in ${fw.az} is in ERROR (${read}) and fix what its StatusMessage names; ERROR is an issue you can fix, and the endpoint becomes READY once it is.`;
    if (!fw.subnet) return `Map a subnet of ${fw.az} to ${fw.name} (aws network-firewall associate-subnets ${arn} --subnet-mappings SubnetId= followed by the subnet's id) and route ${fw.az}'s traffic to its new endpoint.`;
    const newId = `NEW=$(aws network-firewall describe-firewall ${arn} --query 'FirewallStatus.SyncStates."${fw.az}".Attachment.EndpointId' --output text)`;
    const reroute = fw.routes.map((x) => `aws ec2 replace-route --route-table-id ${x.table} --destination-cidr-block ${x.cidr} --vpc-endpoint-id "$NEW"`);
    return `Endpoint ${fw.endpoint} of ${fw.name} in ${fw.az} is ${fw.status}${fw.status === 'FAILED' ? ', which does not recover' : ''}: map its subnet again: ` +
      `aws network-firewall disassociate-subnets ${arn} --subnet-ids ${fw.subnet}; once ${fw.az} has left the sync states, aws network-firewall associate-subnets ${arn} ` +
      `--subnet-mappings SubnetId=${fw.subnet}; when the new endpoint is READY (${read}), its id differs: ${newId}` +
      (reroute.length > 0 ? `; ${reroute.join('; ')}.` : `, and the routes to ${fw.endpoint} must follow it.`);
  },
  confirm: [
    'aws network-firewall describe-firewall --firewall-arn ${resource} --query "FirewallStatus.SyncStates"',
  ],
  fixable: false,
  message: (e) => `Network Firewall ${e.resource} has no READY endpoint for ${traffic(e)}${detail(e)}.`,
});
