import { describe, expect, it } from "vitest";
import { iamPolicies } from "@/lib/deploy/iam-policies";
import { buildTopology } from "@/lib/events/topology";

const input = {
  account: "123456789012",
  region: "us-east-1",
  resourcePrefix: "dripr",
  emailBucket: "dripr-emails",
  bedrockModelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
};

/** IAM's wildcard match: `*` any run of characters, `?` one. */
function matches(pattern: string, arn: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replaceAll("*", ".*")
    .replaceAll("?", ".");
  return new RegExp(`^${regex}$`).test(arn);
}

function allows(policy: ReturnType<typeof iamPolicies>["web"], action: string, arn: string): boolean {
  return (policy?.Statement ?? []).some(
    (s) => s.Action.includes(action) && s.Resource.some((r) => matches(r, arn)),
  );
}

describe("iamPolicies", () => {
  const policies = iamPolicies(input);
  const topology = buildTopology("dripr");
  const queueArn = (name: string) => `arn:aws:sqs:us-east-1:123456789012:${name}`;

  it("lets the workers consume every queue of the topology and publish to its topics, nothing wider", () => {
    for (const queue of Object.values(topology.queues)) {
      for (const action of ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]) {
        expect(allows(policies.workers, action, queueArn(queue.name)), `${action} ${queue.name}`).toBe(true);
      }
      expect(allows(policies.workers, "sqs:ReceiveMessage", queueArn(`other-${queue.name}`))).toBe(false);
      // Dead-letter queues are looked up at start; reading them is for the engineer on call (redrive).
      expect(allows(policies.workers, "sqs:GetQueueAttributes", queueArn(queue.dlqName))).toBe(true);
      expect(allows(policies.workers, "sqs:ReceiveMessage", queueArn(queue.dlqName))).toBe(false);
    }
    for (const topic of Object.values(topology.topics)) {
      expect(
        allows(policies.workers, "sns:Publish", `arn:aws:sns:us-east-1:123456789012:${topic.name}`),
      ).toBe(true);
    }
    expect(
      allows(policies.workers, "sns:Publish", "arn:aws:sns:us-east-1:999999999999:dripr-user-events-topic"),
    ).toBe(false);
    expect(allows(policies.workers, "sqs:DeleteQueue", queueArn("dripr-intro-queue"))).toBe(false);
  });

  it("limits email HTML to the bucket's emails/ prefix, for web and workers", () => {
    for (const policy of [policies.web, policies.workers]) {
      expect(allows(policy, "s3:GetObject", "arn:aws:s3:::dripr-emails/emails/u/c/e.html")).toBe(true);
      expect(allows(policy, "s3:PutObject", "arn:aws:s3:::dripr-emails/emails/u/c/e.html")).toBe(true);
      expect(allows(policy, "s3:GetObject", "arn:aws:s3:::dripr-emails/other.html")).toBe(false);
      expect(allows(policy, "s3:DeleteObject", "arn:aws:s3:::dripr-emails/emails/u/c/e.html")).toBe(false);
    }
    expect(
      allows(policies.web, "sns:Publish", "arn:aws:sns:us-east-1:123456789012:dripr-user-events-topic"),
    ).toBe(false);
  });

  it("allows Bedrock's configured inference profile and its model, and only the workers", () => {
    expect(
      allows(
        policies.workers,
        "bedrock:InvokeModel",
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0",
      ),
    ).toBe(true);
    expect(
      allows(
        policies.workers,
        "bedrock:InvokeModel",
        "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0",
      ),
    ).toBe(true);
    expect(
      allows(
        policies.workers,
        "bedrock:InvokeModel",
        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-1",
      ),
    ).toBe(false);
    const plain = iamPolicies({ ...input, bedrockModelId: "anthropic.claude-3-haiku-20240307-v1:0" });
    expect(plain.workers?.Statement.at(-1)?.Resource).toEqual([
      "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
    ]);
    expect(allows(policies.web, "bedrock:InvokeModel", "arn:aws:bedrock:us-east-1::foundation-model/x")).toBe(
      false,
    );
  });

  it("gives cron and migrate no AWS permission at all", () => {
    expect(policies.cron).toBeNull();
    expect(policies.migrate).toBeNull();
  });
});
