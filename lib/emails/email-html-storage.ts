import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";

/**
 * Rendered email HTML lives in S3 (DESIGN.md §6); the Email row keeps only the key. Callers pass
 * the client (`createS3Client` from lib/clients/aws/s3-client) and the bucket (`config.aws.emailBucket`).
 */

/**
 * `emails/{userId}/{campaignId}/{emailId}.html`: one object per email, grouped by owner. An edited
 * email's HTML goes under a new key, `…/{emailId}-{revision}.html` (edit-email-draft.ts), so the row
 * switches from one complete object to the other.
 */
export function emailHtmlKey(userId: string, campaignId: string, emailId: string, revision?: string): string {
  for (const part of [userId, campaignId, emailId, ...(revision === undefined ? [] : [revision])]) {
    if (!/^[A-Za-z0-9-]+$/.test(part)) throw new Error(`Unsafe id in an email storage key: "${part}"`);
  }
  return `emails/${userId}/${campaignId}/${emailId}${revision === undefined ? "" : `-${revision}`}.html`;
}

/** Writes (or overwrites: a retry stores the same email again) the HTML under `key`. */
export async function putEmailHtml(s3: S3Client, bucket: string, key: string, html: string): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: html,
      ContentType: "text/html; charset=utf-8",
    }),
  );
}

/** The stored HTML, or null when no object has that key (e.g. removed by retention cleanup). */
export async function getEmailHtml(s3: S3Client, bucket: string, key: string): Promise<string | null> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await object.Body?.transformToString("utf-8")) ?? "";
  } catch (error) {
    if (error instanceof NoSuchKey) return null;
    throw error;
  }
}

/** Removes the object under `key` (S3 answers success when there was none). */
export async function deleteEmailHtml(s3: S3Client, bucket: string, key: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}
