import { defineRule, detail } from './define.js';

export default defineRule({
  code: 'DB_NOT_AVAILABLE',
  severity: 'error',
  title: 'Database is not available',
  explanation:
    "The RDS instance's DBInstanceStatus (or the Aurora cluster's Status) is not available: for example " +
    'stopped, starting, rebooting, modifying, storage-full, failed or incompatible-network. A stopped database ' +
    'accepts no connections at all, and the other states may refuse or drop them. Nothing on the network path ' +
    'can make it answer until it is available again. (RDS starts a stopped instance by itself after seven days.)',
  remediation:
    'Start or repair the database: aws rds start-db-instance --db-instance-identifier DB (aws rds ' +
    'start-db-cluster --db-cluster-identifier for Aurora) when it is stopped; increase allocated storage when ' +
    'it is storage-full; for failed or incompatible-network, read the RDS events and the RDS troubleshooting ' +
    'guide. Wait with aws rds wait db-instance-available --db-instance-identifier DB.',
  confirm: [
    'aws rds describe-db-instances --db-instance-identifier ${resource} ' +
      '--query "DBInstances[].[DBInstanceStatus,Endpoint.Address,Endpoint.Port]"',
    'aws rds describe-db-clusters --db-cluster-identifier ${resource} --query "DBClusters[].Status"',
    'aws rds describe-events --source-type db-instance --source-identifier ${resource} --duration 1440',
  ],
  reachabilityAnalyzer: 'BAD_STATE',
  fixable: false,
  message: (e) => `Database ${e.resource} is not available${detail(e)}, so it accepts no connections.`,
});
