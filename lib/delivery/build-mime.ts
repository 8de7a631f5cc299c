import MailComposer from "nodemailer/lib/mail-composer";
import type { OutgoingMessage } from "@/lib/delivery/types";

/**
 * The RFC 5322 message for providers that take raw MIME (Gmail's users.messages.send), built with
 * nodemailer's MailComposer: multipart/alternative text + HTML, encoded headers, and our own
 * Message-ID so a send interrupted by a crash can be found again (rfc822msgid search). Threading
 * headers (In-Reply-To, References) pass through `headers` when a message continues a thread.
 */
export async function buildMime(message: OutgoingMessage): Promise<Buffer> {
  const composer = new MailComposer({
    from: { name: message.from.name, address: message.from.address },
    to: { name: message.to.name, address: message.to.address },
    replyTo: message.replyTo,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    headers: message.headers,
    date: new Date(),
  });
  return composer.compile().build();
}
