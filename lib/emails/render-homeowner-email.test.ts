import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { renderEmailTemplate } from "@/lib/emails/email-templates";
import {
  type HomeownerEmailVariables,
  renderHomeownerEmail,
  SAMPLE_DATA_NOTE,
} from "@/lib/emails/render-homeowner-email";
import { createSampleMarketDataProvider } from "@/lib/market-data/sample-provider";
import type { ListingSummary } from "@/lib/market-data/types";
import { TEST_MARKET } from "@/test/factories/market-data";

const market = TEST_MARKET;

const listing: ListingSummary = {
  addressLine1: "3821 Hargis St",
  city: "Austin",
  state: "TX",
  zipCode: "78704",
  price: 899_000,
  bedrooms: 4,
  bathrooms: 2.5,
  squareFootage: 2345,
  daysOnMarket: 52,
  listedDate: "2026-09-29",
  soldDate: null,
  propertyType: "single_family",
};

const sale: ListingSummary = {
  ...listing,
  addressLine1: "6807 Blue Lake Dr #204",
  price: 398_500,
  bedrooms: 2,
  bathrooms: 2,
  squareFootage: null,
  daysOnMarket: 30,
  listedDate: "2026-09-04",
  soldDate: "2026-10-04",
  propertyType: "condo",
};

function variables(overrides: Partial<HomeownerEmailVariables> = {}): HomeownerEmailVariables {
  return {
    month: "2026-11",
    agent: {
      name: "Sam Rivera",
      brokerage: "Harbor & Pine Realty",
      phone: "+1 512 555 0142",
      email: "sam@harborpine.example.com",
      photoUrl: "https://cdn.example.com/agents/sam.jpg",
      brandColor: "#1f4e79",
      postalAddressLines: ["500 Congress Ave, Suite 210", "Austin, TX 78701"],
    },
    clientFirstName: "Maria",
    property: { addressLine1: "12 Elm St", city: "Austin", state: "TX", zipCode: "78704" },
    introText: "I hope November is treating you well.\n\nHere's your update.",
    homeValue: { value: 452_000, rangeLow: 418_000, rangeHigh: 486_000, previousValue: 446_000 },
    ownership: null,
    market,
    mortgageRates: null,
    listings: [listing],
    recentSales: [sale],
    homeReportText: "Your home at 12 Elm St is estimated to be worth about $452,000 this month.",
    unsubscribeUrl: "https://app.dripr.example/u/tok_123",
    sampleData: false,
    ...overrides,
  };
}

describe("renderHomeownerEmail", () => {
  it("renders every section in both parts", () => {
    const { subject, html, text } = renderHomeownerEmail(variables());
    expect(subject).toBe("Your home at 12 Elm St: November update");

    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain("<title>Your home at 12 Elm St: November update</title>");
    expect(html).toContain("Hi Maria,");
    expect(html).toContain('<p style="margin:0 0 14px 0;">I hope November is treating you well.</p>');
    expect(html).toContain("$452,000");
    expect(html).toContain("Likely range <strong>$418,000</strong> to <strong>$486,000</strong>");
    expect(html).toContain("▲ Up $6,000 (1.3%) since my last update");
    expect(html).toContain("Your market: ZIP 78704");
    expect(html).toContain("$430,500");
    expect(html).toContain("up 4.2% from a year ago");
    expect(html).toContain("Homes for sale near you");
    expect(html).toContain("3821 Hargis St");
    expect(html).toContain("4 bd · 2.5 ba · 2,345 sq ft");
    expect(html).toContain("52 days on market");
    expect(html).toContain("Recently sold nearby");
    expect(html).toContain("Condo · 2 bd · 2 ba");
    expect(html).toContain("Sold Oct 4");
    expect(html).toContain("Your home report");
    // Handlebars escapes "=" as &#x3D; (still the same URL once the attribute is decoded).
    expect(html).toContain("mailto:sam@harborpine.example.com?subject&#x3D;Valuation%20for%2012%20Elm%20St");
    expect(html).toContain("Harbor &amp; Pine Realty");
    expect(html).toContain("500 Congress Ave, Suite 210<br>Austin, TX 78701");
    expect(html).toContain('href="https://app.dripr.example/u/tok_123"');
    expect(html).not.toContain(SAMPLE_DATA_NOTE);

    expect(text).toContain("Hi Maria,\n\nI hope November is treating you well.\n\nHere's your update.\n");
    expect(text).toContain("$452,000 (likely range $418,000 to $486,000)");
    expect(text).toContain("- Median sale price: $430,500");
    expect(text).toContain("- 3821 Hargis St: $899,000 (4 bd · 2.5 ba · 2,345 sq ft; 52 days on market)");
    expect(text).toContain("Unsubscribe: https://app.dripr.example/u/tok_123");
    expect(text).toContain("Harbor & Pine Realty");
    expect(text).not.toMatch(/<[a-z]|&amp;|\n{3,}/);
  });

  it("is email-client safe: layout tables, 600px, inline styles, alt text, no scripts", () => {
    const { html } = renderHomeownerEmail(variables());
    expect(html).toContain('role="presentation" class="dk-card" width="600"');
    expect(html).toContain("max-width:600px");
    expect(html).not.toMatch(/<script|<link|<form|<iframe/i);
    // Styles are inline; the one <style> block (head only) adds dark-mode and narrow-screen tweaks.
    expect(html.match(/<style/g)).toHaveLength(1);
    expect(html.indexOf("</style>")).toBeLessThan(html.indexOf("</head>"));
    const styled = html.match(/<(td|p|div|a|h1|h2|span|img)\b[^>]*>/g) ?? [];
    expect(styled.length).toBeGreaterThan(50);
    for (const tag of styled) expect(tag).toMatch(/ style="/);
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    const images = html.match(/<img [^>]*>/g) ?? [];
    expect(images).toHaveLength(1);
    for (const img of images) expect(img).toMatch(/alt="Photo of Sam Rivera"/);
  });

  it("leaves out sections without data", () => {
    const bare = renderHomeownerEmail(
      variables({
        market: null,
        listings: [],
        recentSales: [],
        homeValue: { value: 452_000, rangeLow: 418_000, rangeHigh: 486_000, previousValue: null },
      }),
    );
    for (const part of [bare.html, bare.text]) {
      expect(part).not.toMatch(
        /your market|homes for sale near you|recently sold nearby|since my last update/i,
      );
      expect(part).toContain("$452,000");
    }
    expect(bare.text).not.toMatch(/\n{3,}/);

    const noListings = renderHomeownerEmail(variables({ listings: [] }));
    expect(noListings.html).not.toContain("Homes for sale near you");
    expect(noListings.html).toContain("Recently sold nearby");
    const noSales = renderHomeownerEmail(variables({ recentSales: [] }));
    expect(noSales.html).toContain("Homes for sale near you");
    expect(noSales.html).not.toContain("Recently sold nearby");
  });

  it("shows initials instead of a photo, and a lower or unchanged value in words", () => {
    const v = variables();
    const { html } = renderHomeownerEmail({
      ...v,
      agent: { ...v.agent, photoUrl: null },
      homeValue: { ...v.homeValue, previousValue: 461_500 },
    });
    expect(html).not.toContain("<img");
    expect(html).toContain(">SR</td>");
    expect(html).toContain("Below the $461,500 in my last update");
    expect(html).not.toContain("$9,500");
    const same = renderHomeownerEmail({ ...v, homeValue: { ...v.homeValue, previousValue: 452_000 } });
    expect(same.html).toContain("About the same as my last update");
  });

  it("caps each list at four homes", () => {
    const { html } = renderHomeownerEmail(
      variables({
        listings: Array.from({ length: 7 }, (_, i) => ({ ...listing, addressLine1: `${i + 1}00 Oak St` })),
      }),
    );
    expect(html).toContain("400 Oak St");
    expect(html).not.toContain("500 Oak St");
  });

  it("marks sample data", () => {
    const { html, text } = renderHomeownerEmail(variables({ sampleData: true }));
    expect(html).toContain("Figures are sample data (local mode)");
    expect(text).toContain("Figures are sample data (local mode)");
  });

  it("shows the agent's phone formatted, however it was stored, as a tel: link in the header and signature", () => {
    const v = variables();
    for (const stored of ["+19735550142", "(973) 555-0142", "973.555.0142"]) {
      const { html, text } = renderHomeownerEmail({ ...v, agent: { ...v.agent, phone: stored } });
      const links = html.match(/<a [^>]*href="tel:[^"]*"[^>]*>[^<]*<\/a>/g) ?? [];
      expect(links).toHaveLength(2);
      for (const link of links) expect(link).toMatch(/href="tel:\+19735550142".*>\(973\) 555-0142<\/a>$/);
      expect(text).toContain("\n(973) 555-0142\n");
    }
    // A stored value that is no phone number is printed as it is, with no link to dial.
    const odd = renderHomeownerEmail({ ...v, agent: { ...v.agent, phone: "555-TODAY" } });
    expect(odd.html).toContain("555-TODAY");
    expect(odd.html).not.toContain("tel:");
    const none = renderHomeownerEmail({ ...v, agent: { ...v.agent, phone: null } });
    expect(none.html).not.toContain("tel:");
  });

  it("escapes agent- and client-provided text so it cannot inject HTML", () => {
    const { html, text } = renderHomeownerEmail(
      variables({
        introText: 'Hello <script>alert("x")</script> & <b>bold</b>',
        clientFirstName: '<img src=x onerror="alert(1)">',
      }),
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>bold</b>");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;");
    // The text part is not HTML: it keeps the characters as typed.
    expect(text).toContain('Hello <script>alert("x")</script> & <b>bold</b>');
  });

  it("refuses values that would break out of attributes or headers", () => {
    const v = variables();
    expect(() =>
      renderHomeownerEmail({ ...v, agent: { ...v.agent, brandColor: "red;background:url(x)" } }),
    ).toThrow(ZodError);
    expect(() =>
      renderHomeownerEmail({ ...v, agent: { ...v.agent, photoUrl: "javascript:alert(1)" } }),
    ).toThrow(ZodError);
    expect(() => renderHomeownerEmail({ ...v, unsubscribeUrl: "javascript:alert(1)" })).toThrow(ZodError);
    expect(() =>
      renderHomeownerEmail({ ...v, property: { ...v.property, addressLine1: "12 Elm St\r\nBcc: x@y.z" } }),
    ).toThrow(ZodError);
  });

  it("throws on a missing variable instead of rendering a blank", () => {
    const { sampleData: _omitted, ...missing } = variables();
    expect(() => renderHomeownerEmail(missing as HomeownerEmailVariables)).toThrow(ZodError);
    // The templates themselves are strict too: a context without a name they use fails to render.
    expect(() => renderEmailTemplate("homeowner-monthly", { subject: "s", preheader: "p" })).toThrow(
      /not defined in/,
    );
  });

  it("renders the sample provider's data", async () => {
    const provider = createSampleMarketDataProvider();
    const day = "2026-11-20";
    const property = { addressLine1: "12 Elm St", city: "Austin", state: "TX", zipCode: "78704" };
    const valuation = await provider.getValuation(property, day);
    const { html, text } = renderHomeownerEmail(
      variables({
        homeValue: {
          ...valuation,
          previousValue: (await provider.getValuation(property, "2026-10-20")).value,
        },
        market: await provider.getMarketStats("78704", day),
        listings: await provider.getActiveListings("78704", day),
        recentSales: await provider.getRecentSales("78704", day),
        sampleData: true,
      }),
    );
    const value = `$${valuation.value.toLocaleString("en-US")}`;
    expect(html).toContain(value);
    expect(text).toContain(value);
    expect(text).toContain(SAMPLE_DATA_NOTE);
  });
});
