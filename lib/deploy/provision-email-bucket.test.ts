import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createS3Client } from "@/lib/clients/aws/s3-client";
import { provisionEmailBucket } from "@/lib/deploy/provision-email-bucket";
import { type FakeServer, startFakeServer } from "@/test/fakes/http-server";

// The real S3 client against a local server that answers S3's REST wire format for the bucket
// calls and records each request (the emulator accepts these calls without storing anything, so it
// could not show what was asked for).

type Recorded = { method: string; path: string; query: string; body: string };
const requests: Recorded[] = [];
const buckets = new Set<string>();
let server: FakeServer;

beforeAll(async () => {
  server = await startFakeServer((req, body, res) => {
    const url = new URL(req.url ?? "/", "http://s3.local");
    const bucket = url.pathname.split("/")[1] ?? "";
    requests.push({ method: req.method ?? "", path: url.pathname, query: url.search, body });
    if (req.method === "HEAD") {
      res.writeHead(buckets.has(bucket) ? 200 : 404).end();
      return;
    }
    if (req.method === "PUT" && url.search === "") buckets.add(bucket);
    res.writeHead(200, { "content-type": "application/xml" }).end();
  });
});

afterAll(() => server.close());

const s3Client = (region: string) =>
  createS3Client({ region, endpoint: server.url, credentials: { accessKeyId: "t", secretAccessKey: "t" } });

describe("provisionEmailBucket", () => {
  it("creates a missing bucket in its region, blocks public access, encrypts, and expires old emails", async () => {
    const client = s3Client("eu-west-2");
    requests.length = 0;
    const changes = await provisionEmailBucket(client, "dripr-emails-test", "eu-west-2");
    expect(requests.map((r) => `${r.method} ${r.path}${r.query}`)).toEqual([
      "HEAD /dripr-emails-test/",
      "PUT /dripr-emails-test/",
      "PUT /dripr-emails-test/?publicAccessBlock=",
      "PUT /dripr-emails-test/?encryption=",
      "PUT /dripr-emails-test/?lifecycle=",
    ]);
    const [, create, publicAccess, encryption, lifecycle] = requests.map((r) => r.body.replace(/\s+/g, ""));
    expect(create).toContain("<LocationConstraint>eu-west-2</LocationConstraint>");
    for (const flag of [
      "BlockPublicAcls",
      "IgnorePublicAcls",
      "BlockPublicPolicy",
      "RestrictPublicBuckets",
    ]) {
      expect(publicAccess).toContain(`<${flag}>true</${flag}>`);
    }
    expect(encryption).toContain("<SSEAlgorithm>AES256</SSEAlgorithm>");
    expect(encryption).toContain("<BucketKeyEnabled>true</BucketKeyEnabled>");
    const [retention, uploads] = lifecycle?.match(/<Rule>.*?<\/Rule>/g) ?? [];
    for (const part of [
      "<Filter><Prefix>emails/</Prefix></Filter>",
      "<Status>Enabled</Status>",
      "<Days>400</Days>",
    ]) {
      expect(retention).toContain(part);
    }
    expect(uploads).toContain("<DaysAfterInitiation>1</DaysAfterInitiation>");
    expect(changes.map((c) => c.action)).toEqual(["created", "set", "set", "set"]);
    client.destroy();
  });

  it("run again, it creates nothing and sets the same settings", async () => {
    const client = s3Client("us-east-1");
    requests.length = 0;
    const changes = await provisionEmailBucket(client, "dripr-emails-test", "us-east-1");
    expect(requests.map((r) => r.method)).toEqual(["HEAD", "PUT", "PUT", "PUT"]);
    expect(requests.every((r) => r.method === "HEAD" || r.query !== "")).toBe(true);
    expect(changes.map((c) => c.action)).toEqual(["set", "set", "set"]);
    client.destroy();
  });

  it("in us-east-1 a new bucket names no location (S3 refuses one there)", async () => {
    const client = s3Client("us-east-1");
    requests.length = 0;
    await provisionEmailBucket(client, "dripr-emails-east", "us-east-1");
    expect(requests[1]).toMatchObject({ method: "PUT", path: "/dripr-emails-east/", query: "", body: "" });
    client.destroy();
  });
});
