import { defineRule, detail, traffic } from './define.js';

export default defineRule({
  code: 'ENDPOINT_NOT_AVAILABLE',
  severity: 'error',
  title: 'VPC endpoint is not available',
  explanation:
    "The service's traffic is directed at this VPC endpoint (by its private DNS name or, for a gateway " +
    'endpoint, by its prefix-list route), but the endpoint\'s State is not available: pendingAcceptance, ' +
    'pending, deleting, deleted, rejected, expired or failed. An endpoint that is not available does not carry ' +
    'traffic, so calls to the service fail or time out.',
  remediation:
    'Look at the state and LastError (console: VPC > Endpoints). For pendingAcceptance, the service owner must ' +
    'accept the connection; for failed, rejected or deleted, create the endpoint again: aws ec2 ' +
    'create-vpc-endpoint --vpc-id vpc-ID --vpc-endpoint-type Interface --service-name com.amazonaws.REGION.SERVICE ' +
    '--subnet-ids subnet-ID --security-group-ids sg-ID --private-dns-enabled.',
  confirm: [
    'aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${resource} ' +
      '--query "VpcEndpoints[].[ServiceName,State,LastError]"',
  ],
  reachabilityAnalyzer: 'BAD_STATE',
  fixable: false,
  message: (e) =>
    `VPC endpoint ${e.resource} is not available${detail(e)}, so ` +
    `${traffic(e, 'traffic for the service')} sent to it is not delivered.`,
});
