import { SNSClient } from "@aws-sdk/client-sns";
import type { AppConfig } from "@/lib/env";

/**
 * SNS client for the configured AWS account or, locally, the fauxqs emulator (same endpoint as SQS
 * and S3: the emulator serves all three on one port).
 */
export function createSnsClient(
  aws: Pick<AppConfig["aws"], "region" | "endpoint" | "credentials">,
): SNSClient {
  return new SNSClient({
    region: aws.region,
    // One resolved middleware stack per command class instead of one per request (~0.5 ms of CPU
    // saved per call in bench:pipeline); we never add middleware to a single command.
    cacheMiddleware: true,
    ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
    ...(aws.credentials ? { credentials: aws.credentials } : {}),
  });
}
