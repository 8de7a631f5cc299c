import { SQSClient } from "@aws-sdk/client-sqs";
import type { AppConfig } from "@/lib/env";

/**
 * SQS client for the configured AWS account or, locally, the fauxqs emulator. The endpoint is passed
 * explicitly (not only via AWS_ENDPOINT_URL) because the emulator's queue URLs use the host
 * `sqs.<region>.localhost`, which the SDK must not resolve on its own.
 */
export function createSqsClient(
  aws: Pick<AppConfig["aws"], "region" | "endpoint" | "credentials">,
): SQSClient {
  return new SQSClient({
    region: aws.region,
    // One resolved middleware stack per command class, for calls made without per-call options (as
    // in s3-client.ts). sqs-consumer passes an abort signal with its receives and deletes, and the
    // SDK resolves (and drops the cache) for such calls, so they do not benefit.
    cacheMiddleware: true,
    ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
    ...(aws.credentials ? { credentials: aws.credentials } : {}),
  });
}
