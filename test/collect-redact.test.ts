import { describe, expect, it } from 'vitest';
import { databaseEndpoints, databaseNamedBy, proxiesNamedBy, redactFunction, redactValue } from '../src/collect/redact.js';
import type { RdsSection } from '../src/snapshot/types.js';

const rds: RdsSection = {
  DBInstances: [
    { DBInstanceIdentifier: 'mobile-auth-db', Endpoint: { Address: 'mobile-auth-db.c9akciq32.us-west-2.rds.amazonaws.com', Port: 5432 } },
    { DBInstanceIdentifier: 'orders-1', DBClusterIdentifier: 'orders', Endpoint: { Address: 'orders-1.c9akciq32.us-west-2.rds.amazonaws.com', Port: 3306 } },
  ],
  DBClusters: [{
    DBClusterIdentifier: 'orders', Endpoint: 'orders.cluster-c9akciq32.us-west-2.rds.amazonaws.com',
    ReaderEndpoint: 'orders.cluster-ro-c9akciq32.us-west-2.rds.amazonaws.com', CustomEndpoints: ['reports.cluster-custom-c9akciq32.us-west-2.rds.amazonaws.com'], Port: 3306,
  }],
};
const endpoints = databaseEndpoints(rds);

describe('redactValue', () => {
  it.each([
    ['mobile-auth-db.c9akciq32.us-west-2.rds.amazonaws.com', '<redacted:rds:mobile-auth-db>'],
    ['mobile-auth-db.c9akciq32.us-west-2.rds.amazonaws.com:5432', '<redacted:rds:mobile-auth-db>'],
    ['MOBILE-AUTH-DB.C9AKCIQ32.US-WEST-2.RDS.AMAZONAWS.COM.', '<redacted:rds:mobile-auth-db>'],
    ['postgres://user:p%40ss@mobile-auth-db.c9akciq32.us-west-2.rds.amazonaws.com:5432/db?ssl=true', '<redacted:rds:mobile-auth-db>'],
    ['Host=mobile-auth-db.c9akciq32.us-west-2.rds.amazonaws.com;Port=5432;Password=x', '<redacted:rds:mobile-auth-db>'],
    ['mysql://orders.cluster-c9akciq32.us-west-2.rds.amazonaws.com/orders', '<redacted:rds:orders>'],
    ['orders.cluster-ro-c9akciq32.us-west-2.rds.amazonaws.com:3306', '<redacted:rds:orders>'],
    ['reports.cluster-custom-c9akciq32.us-west-2.rds.amazonaws.com', '<redacted:rds:orders>'],
    ['orders-1.c9akciq32.us-west-2.rds.amazonaws.com', '<redacted:rds:orders-1>'],
    // An RDS host that is not a collected endpoint: named by its own first label, never by the
    // collected endpoint it contains (RDS denied, or a database the snapshot did not describe).
    ['x-mobile-auth-db.c9akciq32.us-west-2.rds.amazonaws.com', '<redacted:rds:x-mobile-auth-db>'],
    ['jdbc:postgresql://legacy.c1b2a3.eu-west-1.rds.amazonaws.com:5432/app', '<redacted:rds:legacy>'],
    // Not an endpoint: a host that merely ends like one, a prefix of one, a bare identifier, anything else.
    ['mobile-auth-db.c9akciq32.us-west-2.rds.amazonaws.com.evil.example', '<redacted>'],
    ['mobile-auth-db.c9akciq32.us-west-2', '<redacted>'],
    ['mobile-auth-db', '<redacted>'],
    ['', '<redacted>'],
    ['hunter2', '<redacted>'],
  ])('%s → %s', (value, expected) => {
    expect(redactValue(value, endpoints)).toBe(expected);
  });

  it('names the first database a value mentions', () => {
    expect(databaseNamedBy('orders-1.c9akciq32.us-west-2.rds.amazonaws.com,mobile-auth-db.c9akciq32.us-west-2.rds.amazonaws.com', endpoints)).toMatchObject({ id: 'orders-1' });
  });

  it('never passes a non-string through', () => {
    expect(redactValue(42 as unknown as string, endpoints)).toBe('<redacted>');
  });
});

describe('redactFunction', () => {
  it('keeps names, redacts values, keeps only the error code, leaves everything else', () => {
    const fn = {
      FunctionName: 'f', Runtime: 'nodejs20.x', KMSKeyArn: 'arn:aws:kms:us-west-2:123456789012:key/1',
      Environment: { Variables: { DB: 'mobile-auth-db.c9akciq32.us-west-2.rds.amazonaws.com', TOKEN: 's3cr3t' }, Error: { ErrorCode: 'KMSAccessDenied', Message: 'value s3cr3t' }, Other: 's3cr3t' },
    };
    const redacted = redactFunction(fn, endpoints);
    expect(redacted).toEqual({
      FunctionName: 'f', Runtime: 'nodejs20.x', KMSKeyArn: 'arn:aws:kms:us-west-2:123456789012:key/1',
      Environment: { Variables: { DB: '<redacted:rds:mobile-auth-db>', TOKEN: '<redacted>' }, Error: { ErrorCode: 'KMSAccessDenied' } },
    });
    expect(JSON.stringify(redacted)).not.toContain('s3cr3t');
    expect(fn.Environment.Variables.TOKEN).toBe('s3cr3t'); // the input is not modified
  });

  it('a function without environment stays without', () => {
    expect(redactFunction({ FunctionName: 'f' }, endpoints)).toEqual({ FunctionName: 'f' });
  });
});

describe('redactValue for RDS Proxy endpoints', () => {
  const withProxies = databaseEndpoints({
    ...rds,
    DBProxies: [{ DBProxyName: 'auth-proxy', Endpoint: 'auth-proxy.proxy-c9akciq32.us-west-2.rds.amazonaws.com' }],
    DBProxyEndpoints: [
      { DBProxyEndpointName: 'auth-ro', DBProxyName: 'auth-proxy', Endpoint: 'auth-ro.endpoint.proxy-c9akciq32.us-west-2.rds.amazonaws.com', IsDefault: false },
    ],
  });

  it.each([
    ['auth-proxy.proxy-c9akciq32.us-west-2.rds.amazonaws.com', '<redacted:rds-proxy:auth-proxy>'],
    ['postgres://app:s3cret@AUTH-PROXY.proxy-c9akciq32.us-west-2.rds.amazonaws.com:5432/db', '<redacted:rds-proxy:auth-proxy>'],
    ['auth-ro.endpoint.proxy-c9akciq32.us-west-2.rds.amazonaws.com:5432', '<redacted:rds-proxy:auth-ro>'],
    // Not collected (DescribeDBProxies denied): named by its first label.
    ['other.proxy-demo.us-east-1.rds.amazonaws.com', '<redacted:rds-proxy:other>'],
    ['ro-2.endpoint.proxy-ab0cd1efghij.us-east-2.rds.amazonaws.com', '<redacted:rds-proxy:ro-2>'],
    ['auth-proxy.proxy-c9akciq32.us-west-2.rds.amazonaws.com.evil.example', '<redacted>'],
    ['mobile-auth-db.c9akciq32.us-west-2.rds.amazonaws.com', '<redacted:rds:mobile-auth-db>'],
  ])('%s → %s', (value, expected) => {
    const redacted = redactValue(value, withProxies);
    expect(redacted).toBe(expected);
    expect(redacted).not.toContain('s3cret');
  });

  it('names the proxies a function environment points at, without returning any value', () => {
    const fn = { FunctionName: 'f', Environment: { Variables: { A: 'auth-ro.endpoint.proxy-c9akciq32.us-west-2.rds.amazonaws.com', B: 'hunter2' } } };
    expect(proxiesNamedBy([fn], withProxies)).toEqual(['auth-proxy']);
  });
});
