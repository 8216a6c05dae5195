import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'RDS_PROXY_TARGET_UNHEALTHY',
  severity: 'error',
  title: 'AWS reports the proxy target unavailable',
  explanation:
    "DescribeDBProxyTargets returns AWS's own health verdict on the proxy → database connection " +
    '(TargetHealth). UNAVAILABLE with reason UNREACHABLE or CONNECTION_FAILED means the proxy could not open ' +
    'a connection to the database although the security groups and network ACLs vpcdoctor sees would let ' +
    'it: look at what the model cannot see (the database\'s own listener, a recent rule change, the database ' +
    'host name the proxy resolves). PENDING_PROXY_CAPACITY, INVALID_REPLICATION_STATE and PROMOTED are not ' +
    'network causes: the proxy is still scaling, or the target is in a replication state the proxy cannot use. ' +
    'No target registered at all means the proxy has nothing to send connections to.',
  remediation:
    'Read TargetHealth.Description (aws rds describe-db-proxy-targets --db-proxy-name PROXY); for ' +
    "UNREACHABLE check the database's status, endpoint and port; for PENDING_PROXY_CAPACITY wait, and make " +
    "sure the proxy's subnets have free addresses; register a target with aws rds register-db-proxy-targets " +
    '--db-proxy-name PROXY --db-instance-identifiers DB (or --db-cluster-identifiers) when none is registered.',
  confirm: [
    'aws rds describe-db-proxy-targets --db-proxy-name ${resource} --query "Targets[].[RdsResourceId,Role,TargetHealth]"',
    'aws rds describe-db-proxy-target-groups --db-proxy-name ${resource}',
  ],
  reachabilityAnalyzer: 'BAD_STATE',
  fixable: false,
  message: (e) => `AWS reports the database target of RDS Proxy ${e.resource} unavailable${detail(e)}.`,
});
