import { defineRule } from './define.js';

export default defineRule({
  code: 'PROBE_DISAGREES',
  severity: 'error',
  title: 'A real connection contradicts the model',
  explanation:
    'With --probe, vpcdoctor ran a short-lived function in the subnet, with the function\'s own security groups ' +
    'and role, and it resolved the target, opened a TCP connection and (on TLS ports) completed a handshake. Its ' +
    'result contradicts the verdict traced from the configuration. Either the model is wrong about one hop, or ' +
    'something the AWS APIs describe only in part sits on the path: a firewall appliance or AWS Network Firewall ' +
    'rule (it can let TCP through and reset the TLS handshake on its server name), a Route 53 Resolver DNS Firewall ' +
    'rule or resolver rule, a VPC endpoint policy, the destination\'s own host firewall, or a change made after the ' +
    'snapshot was read. The finding names the hop the model would have to be wrong about. A failing probe where the ' +
    'model says reachable means the function fails too: trust the probe.',
  remediation:
    'Look at the named hop by hand (its confirm commands under vpcdoctor explain for its own code), and at what the ' +
    'model cannot see there: Network Firewall and DNS Firewall rules, endpoint policies, appliance rules, the ' +
    'destination host. Run the check again to rule out a change made while it ran, and report a model error with ' +
    'the JSON report (--output json) attached.',
  confirm: [
    // AWS's own analyzer on the same stretch: from the function's network interface to the named hop.
    'aws ec2 create-network-insights-path --source <function-eni-id> --destination ${resource} --protocol tcp',
    'aws network-firewall list-firewalls --vpc-ids <vpc-id>',
    'aws route53resolver list-firewall-rule-group-associations --vpc-id <vpc-id>',
  ],
  fixable: false,
  message: (e) =>
    `From ${e.subnet ? `subnet ${e.subnet}${e.az ? ` in ${e.az}` : ''}` : "the function's subnet"} to ${e.target ?? 'the target'}: ${e.detail ?? 'the probe and the model disagree'}; ` +
    `the model would have to be wrong about ${e.resource}.`,
});
