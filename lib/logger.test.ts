import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/logger";

function captured() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger(stream), lines };
}

describe("logs", () => {
  it("never carry tokens, secrets or message bodies, at the top level or one object down", () => {
    const { logger, lines } = captured();
    logger.warn(
      {
        emailId: "e1",
        token: "eyJhbGciOi.secret",
        refreshToken: "1//refresh",
        request: { authorization: "Bearer sk_live_x", cookie: "__session=abc", path: "/approve" },
        message: { subject: "Your home", html: "<p>Dear Ann</p>", text: "Dear Ann" },
        body: "raw webhook body",
      },
      "something failed",
    );
    const line = lines[0] as Record<string, Record<string, unknown>>;
    expect(JSON.stringify(line)).not.toMatch(
      /eyJhbGciOi|1\/\/refresh|sk_live_x|__session|Dear Ann|raw webhook/,
    );
    expect(line.token).toBe("[Redacted]");
    expect(line.request).toEqual({ authorization: "[Redacted]", cookie: "[Redacted]", path: "/approve" });
    expect(line.message).toEqual({ subject: "Your home", html: "[Redacted]", text: "[Redacted]" });
    // What the engineer on call needs stays.
    expect(line.emailId).toBe("e1");
    expect(line.msg).toBe("something failed");
  });
});
