import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'RDS_PROXY_SG_BLOCKS_DB',
  severity: 'error',
  title: 'Security groups block proxy → database',
  explanation:
    'RDS Proxy opens its own connections to the database, from its interfaces in the proxy\'s subnets and ' +
    "with the proxy's security groups. The database's security groups must admit the proxy's groups (or the " +
    "proxy's subnets) on the database port, and the proxy's groups must let that traffic out. Admitting the " +
    "function's group on the database is not enough once a proxy sits in between: the function reaches the " +
    'proxy, and the proxy cannot reach the database, so clients wait and then get an error from the proxy. ' +
    "AWS's own health check then reports the target UNAVAILABLE with reason UNREACHABLE.",
  remediation:
    "Add an inbound rule to the database's security group from the proxy's security group on the database " +
    'port: aws ec2 authorize-security-group-ingress --group-id sg-DATABASE --protocol tcp --port 5432 ' +
    '--source-group sg-PROXY (3306 for MySQL). If the proxy\'s group restricts egress, allow tcp to the ' +
    "database's group on that port too.",
  confirm: [
    'aws ec2 describe-security-groups --group-ids ${resource} --query "SecurityGroups[].[IpPermissions,IpPermissionsEgress]"',
    'aws rds describe-db-proxies --query "DBProxies[].[DBProxyName,VpcSecurityGroupIds]"',
    'aws rds describe-db-proxy-targets --db-proxy-name <proxy> --query "Targets[].[RdsResourceId,TargetHealth]"',
  ],
  reachabilityAnalyzer: 'ENI_SG_RULES_MISMATCH',
  fixable: false,
  message: (e) => `Security group ${e.resource} blocks the proxy's connection to its database${detail(e)}.`,
});
