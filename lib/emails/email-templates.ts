import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Handlebars from "handlebars";

/**
 * The Handlebars templates in `emails/` (see emails/README.md), compiled once per process on first
 * use. Strict mode: a variable the template names but the context lacks throws instead of rendering
 * an empty string. The HTML part escapes every value; the text part does not (it is not HTML).
 *
 * Templates are read from `<cwd>/emails`: the workers and tests run from the repository root (the
 * workers image copies the whole repository).
 */

/** Emails with a template pair `emails/<name>.hbs` + `emails/<name>.text.hbs`. */
export type EmailTemplateName =
  | "homeowner-monthly"
  | "welcome"
  | "approval-request"
  | "approval-reminder"
  | "sign-in-link";

type Compiled = { html: Handlebars.TemplateDelegate; text: Handlebars.TemplateDelegate };

let cache:
  | { templatesDir: string; compiled: Map<EmailTemplateName, Compiled>; hb: typeof Handlebars }
  | undefined;

export function emailTemplatesDir(): string {
  return path.join(process.cwd(), "emails");
}

/** Renders both parts of one email. `context` is the template's view model, built by its renderer. */
export function renderEmailTemplate(
  name: EmailTemplateName,
  context: object,
): { html: string; text: string } {
  const compiled = compiledTemplate(name);
  return { html: compiled.html(context), text: compiled.text(context) };
}

function compiledTemplate(name: EmailTemplateName): Compiled {
  cache ??= createEngine(emailTemplatesDir());
  let compiled = cache.compiled.get(name);
  if (!compiled) {
    const read = (file: string) => readFileSync(path.join(cache?.templatesDir ?? "", file), "utf8");
    compiled = {
      html: cache.hb.compile(read(`${name}.hbs`), { strict: true }),
      text: cache.hb.compile(read(`${name}.text.hbs`), { strict: true, noEscape: true }),
    };
    cache.compiled.set(name, compiled);
  }
  return compiled;
}

/** An isolated Handlebars environment (no global helpers or partials) with the shared partials. */
function createEngine(templatesDir: string) {
  const hb = Handlebars.create();
  const register = (dir: string, prefix: string) => {
    for (const file of readdirSync(path.join(templatesDir, dir))) {
      if (!file.endsWith(".hbs")) continue;
      const source = readFileSync(path.join(templatesDir, dir, file), "utf8");
      // Precompiled so partials are strict too (string partials would take the caller's options).
      hb.registerPartial(`${prefix}${file.slice(0, -".hbs".length)}`, hb.compile(source, { strict: true }));
    }
  };
  register("layouts", "layouts/");
  register("partials", "");
  return { templatesDir, compiled: new Map<EmailTemplateName, Compiled>(), hb };
}
