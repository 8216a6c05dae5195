// How collect classifies what the SDK throws: throttling and "no answer" come from
// @smithy/service-error-classification (the SDK's retry classifier), the rest from our tables.
import { describe, expect, it } from 'vitest';
import { classifyAwsError } from '../src/collect/errors.js';

const sdkError = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${name} happened`), { name, ...extra });

describe('classifyAwsError', () => {
  it.each([
    ['EC2 RequestLimitExceeded', sdkError('RequestLimitExceeded', { $metadata: { httpStatusCode: 503 } }), 'throttled'],
    ['ThrottlingException', sdkError('ThrottlingException', { $metadata: { httpStatusCode: 400 } }), 'throttled'],
    ['any 429', sdkError('SomethingNew', { $metadata: { httpStatusCode: 429 } }), 'throttled'],
    ['a modelled throttling trait', sdkError('SlowDownPlease', { $retryable: { throttling: true }, $metadata: { httpStatusCode: 400 } }), 'throttled'],
    ['a connection reset', sdkError('Error', { code: 'ECONNRESET' }), 'network'],
    ['DNS failure', sdkError('Error', { code: 'ENOTFOUND' }), 'network'],
    ['the SDK timeout', sdkError('TimeoutError'), 'network'],
    ['an expired certificate (not retryable, so not smithy\'s)', sdkError('Error', { code: 'CERT_HAS_EXPIRED' }), 'network'],
    ['a 503 with an answer is not "network"', sdkError('ServiceUnavailable', { $metadata: { httpStatusCode: 503 } }), 'other'],
    ['AccessDenied stays denied', sdkError('UnauthorizedOperation', { $metadata: { httpStatusCode: 403 } }), 'denied'],
  ])('%s', (_label, error, kind) => {
    expect(classifyAwsError(error)).toBe(kind);
  });
});
