import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'PERMISSION_DENIED',
  severity: 'warning',
  title: 'A describe call was denied, so part of the path is unknown',
  explanation:
    'vpcdoctor could not read part of the configuration because the AWS credentials it ran with were denied an ' +
    'API call (for example ec2:DescribeNetworkAcls). Every hop that depends on that data is reported as unknown ' +
    'rather than guessed, so the verdict may be unknown even if the network is fine, or a real blocker may be ' +
    "hidden there. This is about the credentials running vpcdoctor, not the function's execution role.",
  remediation:
    'Grant the denied read-only action to the role or user that runs vpcdoctor (all of its calls are Describe, ' +
    'Get or List actions; the AWS managed ReadOnlyAccess policy covers them), or run it with a role that has ' +
    'the action, then run the check again.',
  confirm: [
    'aws sts get-caller-identity',
    'aws iam simulate-principal-policy --policy-source-arn <your-role-arn> --action-names ${resource}',
  ],
  reachabilityAnalyzer: 'UNKNOWN_RESOURCE',
  fixable: false,
  message: (e) =>
    `The call ${e.resource} was denied${detail(e)}, so the hops that depend on it are unknown.`,
});
