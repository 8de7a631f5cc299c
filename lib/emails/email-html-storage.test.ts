import { HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { type FauxqsServer, startFauxqs } from "fauxqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createS3Client } from "@/lib/clients/aws/s3-client";
import { emailHtmlKey, getEmailHtml, putEmailHtml } from "@/lib/emails/email-html-storage";

// Through the real AWS SDK against the fauxqs emulator, started in-process on a free port.

const BUCKET = "dripr-test-emails";
let server: FauxqsServer;
let s3: S3Client;

beforeAll(async () => {
  server = await startFauxqs({ port: 0, logger: false });
  server.createBucket(BUCKET);
  s3 = createS3Client({
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${server.port}`,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
});

afterAll(async () => {
  s3?.destroy();
  await server?.stop();
});

const USER = "0195f0c2-7a3e-7c1a-9b1e-2f4d5a6b7c8d";
const CAMPAIGN = "0195f0c2-7a3e-7c1a-9b1e-2f4d5a6b7c8e";
const EMAIL = "0195f0c2-7a3e-7c1a-9b1e-2f4d5a6b7c8f";

describe("email HTML storage", () => {
  it("keys objects by owner, campaign and email", () => {
    expect(emailHtmlKey(USER, CAMPAIGN, EMAIL)).toBe(`emails/${USER}/${CAMPAIGN}/${EMAIL}.html`);
    expect(() => emailHtmlKey("../other-user", CAMPAIGN, EMAIL)).toThrow(/Unsafe id/);
  });

  it("stores HTML as UTF-8 text/html and reads it back unchanged", async () => {
    const key = emailHtmlKey(USER, CAMPAIGN, EMAIL);
    const html = "<!DOCTYPE html><p>Your home at 12 Elm St — ▲ $6,000 · café</p>";
    await putEmailHtml(s3, BUCKET, key, html);
    expect(await getEmailHtml(s3, BUCKET, key)).toBe(html);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.ContentType).toBe("text/html; charset=utf-8");

    // A retry of the same email overwrites it.
    await putEmailHtml(s3, BUCKET, key, "<p>second render</p>");
    expect(await getEmailHtml(s3, BUCKET, key)).toBe("<p>second render</p>");
  });

  it("answers null for a key that was never stored", async () => {
    expect(await getEmailHtml(s3, BUCKET, emailHtmlKey(USER, CAMPAIGN, "missing"))).toBeNull();
  });

  it("fails loudly when the bucket does not exist", async () => {
    await expect(
      putEmailHtml(s3, "no-such-bucket", emailHtmlKey(USER, CAMPAIGN, EMAIL), "<p>x</p>"),
    ).rejects.toThrow();
  });
});
