import { S3Client } from "@aws-sdk/client-s3";
import type { AppConfig } from "@/lib/env";

/**
 * S3 client for the configured AWS account or, locally, the fauxqs emulator. With an explicit
 * endpoint (an IP address such as 127.0.0.1) bucket names cannot go in the host name, so requests
 * use path-style URLs.
 *
 * Flexible checksums only where an operation requires them: the SDK's default computes a CRC32 of
 * every email's HTML on upload and checks another on every download, which cost the workers a
 * measurable share of their CPU per email (bench:pipeline). S3 still verifies uploads over TLS and
 * SigV4; the HTML is re-rendered from the database if an object is ever lost.
 */
export function createS3Client(aws: Pick<AppConfig["aws"], "region" | "endpoint" | "credentials">): S3Client {
  return new S3Client({
    region: aws.region,
    // One resolved middleware stack per command class instead of one per request (~0.5 ms of CPU
    // saved per call in bench:pipeline); we never add middleware to a single command.
    cacheMiddleware: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // The email bucket is a general-purpose bucket, never an S3 Express directory bucket: skip the
    // per-request check for one (~0.15 ms of CPU per call in a microbenchmark against the emulator).
    disableS3ExpressSessionAuth: true,
    ...(aws.endpoint ? { endpoint: aws.endpoint, forcePathStyle: true } : {}),
    ...(aws.credentials ? { credentials: aws.credentials } : {}),
  });
}
