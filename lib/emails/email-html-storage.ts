import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";

/**
 * Rendered email HTML lives in S3 (DESIGN.md §6); the Email row keeps only the key. Callers pass
 * the client (`createS3Client` from lib/clients/aws/s3-client) and the bucket (`config.aws.emailBucket`).
 */

/** `emails/{userId}/{campaignId}/{emailId}.html`: one object per email, grouped by owner. */
export function emailHtmlKey(userId: string, campaignId: string, emailId: string): string {
  for (const part of [userId, campaignId, emailId]) {
    if (!/^[A-Za-z0-9-]+$/.test(part)) throw new Error(`Unsafe id in an email storage key: "${part}"`);
  }
  return `emails/${userId}/${campaignId}/${emailId}.html`;
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
