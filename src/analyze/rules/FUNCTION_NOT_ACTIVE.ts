import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'FUNCTION_NOT_ACTIVE',
  severity: 'error',
  title: 'Function is not in a healthy Active state',
  explanation:
    'Lambda reports the function as something other than Active, or its last update failed. While a VPC ' +
    'function is Pending, Lambda is still creating its network interfaces (this can take several minutes) and ' +
    'invocations wait or fail; Inactive means the interfaces were reclaimed after weeks without invocations and ' +
    'the next invoke has to re-create them; Failed means Lambda could not set the function up at all, and the ' +
    'StateReasonCode says why (SubnetOutOfIPAddresses, InvalidSubnet, InvalidSecurityGroup, EniLimitExceeded, ' +
    'InsufficientRolePermissions, ...). Until the function is Active, the network path does not matter: the ' +
    'code never gets to send a packet.',
  remediation:
    'Read StateReasonCode and LastUpdateStatusReasonCode and fix that cause: attach AWSLambdaVPCAccessExecutionRole ' +
    'to the execution role for InsufficientRolePermissions; point VpcConfig at existing subnets and groups for ' +
    'InvalidSubnet/InvalidSecurityGroup; add subnets with free addresses for SubnetOutOfIPAddresses; request a ' +
    'quota increase for EniLimitExceeded. Then update the function again and wait for it with ' +
    'aws lambda wait function-active-v2 --function-name NAME.',
  confirm: [
    'aws lambda get-function-configuration --function-name ${resource} ' +
      '--query "[State,StateReasonCode,StateReason,LastUpdateStatus,LastUpdateStatusReasonCode]"',
  ],
  reachabilityAnalyzer: 'BAD_STATE',
  fixable: false,
  message: (e) => `Function ${e.resource} is not in a healthy state${detail(e)}.`,
});
