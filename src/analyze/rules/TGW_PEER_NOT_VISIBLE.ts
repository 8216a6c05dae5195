import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'TGW_PEER_NOT_VISIBLE',
  severity: 'warning',
  title: 'Transit gateway path leads into an unseen account',
  explanation:
    'Centralised egress usually keeps the transit gateway and the egress VPC in a network account. The ' +
    "function's credentials can see their own VPC's attachment but not that account's route tables or VPC, so " +
    'vpcdoctor cannot tell whether the path works past this hop and reports it as unknown, never as blocked.',
  remediation:
    'Record the other account too and analyse both: vpcdoctor snapshot --profile NETWORK ... -o net.json, then ' +
    'vpcdoctor merge app.json net.json -o all.json and check --snapshot all.json; or check live with ' +
    '--peer-profile NETWORK.',
  confirm: [
    'aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id ${resource} --filters Name=state,Values=active,blackhole --profile NETWORK',
    'aws ec2 describe-vpcs --vpc-ids ${resource} --profile NETWORK',
  ],
  fixable: false,
  message: (e) => `The snapshot does not describe ${e.resource}${detail(e)}, so the path beyond the transit gateway is unknown.`,
});
