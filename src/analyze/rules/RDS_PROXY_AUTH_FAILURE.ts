import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'RDS_PROXY_AUTH_FAILURE',
  severity: 'error',
  title: 'Proxy cannot log in to its database',
  explanation:
    "AWS's health check reports the proxy's target UNAVAILABLE with reason AUTH_FAILURE: the proxy reached " +
    'the database over the network, and the database refused the login. This is not a network fault: the ' +
    'Secrets Manager secret the proxy uses holds a wrong or rotated user name or password, the proxy\'s IAM role ' +
    'cannot read the secret or decrypt it with its KMS key, or the database user lacks the IAM authentication ' +
    'grant (rds_iam) when the proxy uses IAM authentication to the database. Clients of the proxy fail to log in ' +
    'even though every packet gets through.',
  remediation:
    "Check the secret named in the proxy's Auth (aws rds describe-db-proxies --query \"DBProxies[].Auth\"): its " +
    "username and password must match the database user; the proxy's RoleArn needs secretsmanager:GetSecretValue " +
    'on it (and kms:Decrypt for a customer key). After fixing the secret, the target becomes AVAILABLE within minutes.',
  confirm: [
    'aws rds describe-db-proxy-targets --db-proxy-name ${resource} --query "Targets[].[RdsResourceId,TargetHealth]"',
    'aws rds describe-db-proxies --db-proxy-name ${resource} --query "DBProxies[].[Auth,RoleArn]"',
  ],
  fixable: false,
  message: (e) => `RDS Proxy ${e.resource} reaches its database but the login fails${detail(e)}: credentials, not the network.`,
});
