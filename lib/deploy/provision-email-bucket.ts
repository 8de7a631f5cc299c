import {
  CreateBucketCommand,
  HeadBucketCommand,
  NotFound,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { RETENTION_DAYS } from "@/lib/cron/delete-expired-rows";

export type BucketChange = { action: "created" | "set"; resource: string; detail?: string };

/**
 * The bucket of rendered email HTML (lib/emails/email-html-storage.ts), created when missing and
 * brought to its settings every run (each call below replaces the whole setting, so running it
 * again changes nothing):
 * - every kind of public access blocked (the app reads the HTML with its own credentials);
 * - default encryption SSE-S3 (AES-256) with a bucket key;
 * - objects under `emails/` expire after RETENTION_DAYS.emailHtml days (the app shows "no longer
 *   stored" for an older email), and unfinished multipart uploads are aborted after a day.
 */
export async function provisionEmailBucket(
  s3: S3Client,
  bucket: string,
  region: string,
): Promise<BucketChange[]> {
  const changes: BucketChange[] = [];
  if (!(await bucketExists(s3, bucket))) {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        // us-east-1 is the default location and must not be named.
        ...(region === "us-east-1"
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
      }),
    );
    changes.push({ action: "created", resource: `s3 bucket ${bucket}` });
  }
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: bucket,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    }),
  );
  changes.push({ action: "set", resource: `s3 bucket ${bucket}`, detail: "public access blocked" });
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: true }],
      },
    }),
  );
  changes.push({ action: "set", resource: `s3 bucket ${bucket}`, detail: "default encryption AES256" });
  await s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: bucket,
      LifecycleConfiguration: {
        Rules: [
          {
            ID: "email-html-retention",
            Status: "Enabled",
            Filter: { Prefix: "emails/" },
            Expiration: { Days: RETENTION_DAYS.emailHtml },
          },
          {
            ID: "abort-incomplete-uploads",
            Status: "Enabled",
            Filter: { Prefix: "" },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    }),
  );
  changes.push({
    action: "set",
    resource: `s3 bucket ${bucket}`,
    detail: `emails/ expire after ${RETENTION_DAYS.emailHtml} days`,
  });
  return changes;
}

async function bucketExists(s3: S3Client, bucket: string): Promise<boolean> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (error) {
    if (
      error instanceof NotFound ||
      (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
    )
      return false;
    throw error;
  }
}
