import { S3Client } from "@aws-sdk/client-s3";
import type { AppConfig } from "@/lib/env";

/**
 * S3 client for the configured AWS account or, locally, the fauxqs emulator. With an explicit
 * endpoint (an IP address such as 127.0.0.1) bucket names cannot go in the host name, so requests
 * use path-style URLs.
 */
export function createS3Client(aws: Pick<AppConfig["aws"], "region" | "endpoint" | "credentials">): S3Client {
  return new S3Client({
    region: aws.region,
    ...(aws.endpoint ? { endpoint: aws.endpoint, forcePathStyle: true } : {}),
    ...(aws.credentials ? { credentials: aws.credentials } : {}),
  });
}
