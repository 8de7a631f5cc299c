import "server-only";
import { createS3Client } from "@/lib/clients/aws/s3-client";
import { getDb } from "@/lib/db";
import { getEmailHtml } from "@/lib/emails/email-html-storage";
import { getConfig } from "@/lib/env";

/** The exact stored HTML of one of the agent's emails (null when the object is missing). */
export async function getEmailPreview(
  userId: string,
  emailId: string,
): Promise<{ html: string | null } | null> {
  const email = await getDb().email.findFirst({
    where: { id: emailId, userId },
    select: { htmlStorageKey: true },
  });
  if (!email) return null;
  const config = getConfig();
  const s3 = createS3Client(config.aws);
  try {
    return { html: await getEmailHtml(s3, config.aws.emailBucket, email.htmlStorageKey) };
  } finally {
    s3.destroy();
  }
}
