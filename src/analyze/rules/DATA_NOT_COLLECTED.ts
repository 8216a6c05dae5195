import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'DATA_NOT_COLLECTED',
  severity: 'warning',
  title: 'The snapshot lacks data the analysis needs',
  explanation:
    'The snapshot being analysed has no entry for some data: its key is absent, which means it was not ' +
    'collected (an empty list would mean "collected, and there are none"). Hand-built or partial snapshots ' +
    'often leave out keys such as NetworkAcls or VpcEndpoints. Hops that need the missing data are reported as ' +
    'unknown rather than assumed to pass or fail.',
  remediation:
    'Record the snapshot again with vpcdoctor snapshot FUNCTION -o FILE, using credentials allowed to make the ' +
    'named call, or add the missing key by hand from the matching AWS CLI output (for example the NetworkAcls ' +
    'list of aws ec2 describe-network-acls --output json), then run the check again.',
  confirm: [
    'aws sts get-caller-identity',
    'aws iam simulate-principal-policy --policy-source-arn <your-role-arn> --action-names ${resource}',
  ],
  fixable: false,
  message: (e) =>
    `The snapshot has no data from ${e.resource}${detail(e)}, so the hops that depend on it are unknown.`,
});
