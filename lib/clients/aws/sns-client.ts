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
    ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
    ...(aws.credentials ? { credentials: aws.credentials } : {}),
  });
}
