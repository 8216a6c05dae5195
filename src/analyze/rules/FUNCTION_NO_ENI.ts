import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'FUNCTION_NO_ENI',
  severity: 'info',
  title: 'No Lambda network interface found in a function subnet',
  explanation:
    "vpcdoctor found no Lambda-managed network interface (InterfaceType lambda, in this subnet, with exactly the " +
    "function's security groups), so it used the subnet's whole address range as the source in its analysis " +
    'instead of the real address. That is normal while the function is Pending, after it went Inactive from ' +
    'weeks without invocations (Lambda reclaims the interface and re-creates it on the next invoke), or when ' +
    'the snapshot did not include network interfaces. For an Active function it is unexpected and worth a look: ' +
    'the interface may have been deleted or hidden from the describe call.',
  remediation:
    'Usually nothing to fix: the verdict holds for any address of the subnet. If the function is Inactive, ' +
    'invoke it once and wait until it is Active; if it is Failed, see FUNCTION_NOT_ACTIVE. Re-run vpcdoctor ' +
    'once the interface exists for an exact analysis.',
  confirm: [
    'aws lambda get-function-configuration --function-name ${resource} --query "[State,StateReasonCode,VpcConfig]"',
    'aws ec2 describe-network-interfaces --filters Name=interface-type,Values=lambda ' +
      'Name=subnet-id,Values=<subnet-id> --query "NetworkInterfaces[].[NetworkInterfaceId,PrivateIpAddress]"',
  ],
  reachabilityAnalyzer: 'NO_SOURCE_OR_DESTINATION',
  fixable: false,
  message: (e) =>
    `No Lambda network interface of the function was found in subnet ${e.resource}${detail(e)}; ` +
    `the subnet's address range stands in for its source address.`,
});
