import { z } from "zod";
import { formatPhone, phoneHref } from "@/lib/agents/phone-number";
import { renderEmailTemplate } from "@/lib/emails/email-templates";
import {
  equitySection,
  mortgageRateTrend,
  ownershipFacts,
  ratesSection,
} from "@/lib/emails/homeowner-email-sections";
import { paragraphs, singleLine, tidyText, webUrl } from "@/lib/emails/template-values";
import {
  formatCount,
  formatDecimal,
  formatPercent,
  formatShortDay,
  formatUsd,
  monthName,
} from "@/lib/market-data/format-values";
import {
  type ListingSummary,
  listingSummary,
  type MarketStats,
  marketStats,
  PROPERTY_TYPE_LABELS,
  usZipCode,
  yearMonth,
} from "@/lib/market-data/types";
import { valueChange } from "@/lib/market-data/value-change";

/**
 * The monthly homeowner email (DESIGN.md §6): agent branding, the personal intro, the home's value
 * with its range and change, market stats, nearby listings and sales, the home report, a reply call
 * to action, the signature, and a footer with the agent's postal address and the unsubscribe link.
 * Sections without data are left out, and nothing is mentioned that the email does not show. Bad
 * news is worded as an agent would word it (issue 15): no loss figures. Both parts come from the same
 * variables.
 */

export const SAMPLE_DATA_NOTE = "Figures are sample data (local mode)";
/** Listings and sales shown per section. */
export const MAX_HOMES_PER_SECTION = 4;

const dollars = z.number().int().nonnegative();

export const homeownerEmailVariables = z.object({
  /** The email's month, "YYYY-MM" (subject and greeting). */
  month: yearMonth,
  agent: z.object({
    name: singleLine,
    brokerage: singleLine.nullable(),
    phone: singleLine.nullable(),
    email: z.email(),
    photoUrl: webUrl.nullable(),
    /** Only a hex colour: it is written into style attributes. */
    brandColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, "Expected a colour like #1f4e79"),
    /** CAN-SPAM: every commercial email carries the sender's postal address. */
    postalAddressLines: z.array(singleLine).min(1),
    /** Defaults to "Warmly,". */
    signOff: singleLine.nullish(),
  }),
  clientFirstName: singleLine,
  property: z.object({ addressLine1: singleLine, city: singleLine, state: singleLine, zipCode: usZipCode }),
  /** Plain text; blank lines separate paragraphs. */
  introText: z.string().trim().min(1),
  homeValue: z.object({
    value: dollars,
    rangeLow: dollars,
    rangeHigh: dollars,
    /** The value in the last email the client received (lastSentValue); null before the first one. */
    previousValue: dollars.nullable(),
  }),
  /** Purchase facts of the campaign (equity section); null when price or date is unknown. */
  ownership: ownershipFacts.nullable(),
  market: marketStats.nullable(),
  /** Recent weekly 30-year rates, oldest first (rate section, refinance note); null when none. */
  mortgageRates: mortgageRateTrend.nullable(),
  listings: z.array(listingSummary),
  recentSales: z.array(listingSummary),
  homeReportText: z.string().trim().min(1),
  /** The agent's edited subject; the default names the property and month. */
  subject: singleLine.max(200).nullish(),
  unsubscribeUrl: webUrl,
  /** Any figure came from the sample provider: the footer says so. */
  sampleData: z.boolean(),
});
export type HomeownerEmailVariables = z.input<typeof homeownerEmailVariables>;

export type RenderedEmail = { subject: string; html: string; text: string };

/** Throws a ZodError for invalid variables, and a Handlebars error if a template names a missing one. */
export function renderHomeownerEmail(variables: HomeownerEmailVariables): RenderedEmail {
  const v = homeownerEmailVariables.parse(variables);
  const subject = v.subject ?? defaultSubject(v.property.addressLine1, v.month);
  const { html, text } = renderEmailTemplate("homeowner-monthly", templateContext(v, subject));
  return { subject, html, text: tidyText(text) };
}

export function defaultSubject(addressLine1: string, month: string): string {
  return `Your home at ${addressLine1}: ${monthName(month)} update`;
}

type Variables = z.output<typeof homeownerEmailVariables>;

function templateContext(v: Variables, subject: string) {
  const { agent, homeValue } = v;
  const { change, changeNote } = sinceLastUpdate(homeValue.value, homeValue.previousValue);
  // Above ~0.18, dark text contrasts better with the colour than white does.
  const textColor = luminance(agent.brandColor) > 0.179 ? "#0f172a" : "#ffffff";
  const rates = ratesSection(v.mortgageRates, agent.brandColor);
  // Only a rate the email shows (its rates section) may be quoted in the refinance note.
  const currentRate = rates ? (v.mortgageRates?.weeks.at(-1)?.ratePercent ?? null) : null;
  const equity = equitySection(v.ownership, homeValue, v.month, currentRate);
  // The closing line offers help refinancing only when the email shows this week's rates, and not to
  // an owner who may lack the equity a refinance needs (issue 15).
  const mentionRefinancing = rates !== null && (equity?.canRefinance ?? true);
  const monthLabel = `${monthName(v.month)} ${v.month.slice(0, 4)}`;
  return {
    subject,
    monthName: monthName(v.month),
    monthLabel,
    monthLabelUpper: monthLabel.toUpperCase(),
    preheader: `Your home's estimated value is ${formatUsd(homeValue.value)}. Here's your ${monthName(v.month)} update.`,
    brand: {
      color: agent.brandColor,
      textColor,
      linkColor: textColor === "#ffffff" ? agent.brandColor : "#0f172a",
    },
    agent: {
      ...agent,
      signOff: agent.signOff ?? "Warmly,",
      initials: initials(agent.name),
      // Formatted whatever form it was stored in; a link so a tap on a phone dials it.
      phone: agent.phone ? { text: formatPhone(agent.phone), href: phoneHref(agent.phone) } : null,
    },
    clientFirstName: v.clientFirstName,
    property: v.property,
    introParagraphs: paragraphs(v.introText),
    homeValue: {
      value: formatUsd(homeValue.value),
      rangeLow: formatUsd(homeValue.rangeLow),
      rangeHigh: formatUsd(homeValue.rangeHigh),
      change,
      changeNote,
    },
    equity: equity?.card ?? null,
    market: v.market ? marketSection(v.market) : null,
    rates,
    listings: v.listings.slice(0, MAX_HOMES_PER_SECTION).map(homeRow),
    recentSales: v.recentSales.slice(0, MAX_HOMES_PER_SECTION).map(homeRow),
    homeReportParagraphs: paragraphs(v.homeReportText),
    cta: {
      text: `Curious what your home could sell for${mentionRefinancing ? ", or thinking about refinancing" : ""}? Reply to this email and I'll put together a detailed valuation for you.`,
      label: "Ask me for a detailed valuation",
      href: `mailto:${agent.email}?subject=${encodeURIComponent(`Valuation for ${v.property.addressLine1}`)}`,
    },
    footer: { reason: `You're receiving this monthly home update because you worked with ${agent.name}.` },
    unsubscribeUrl: v.unsubscribeUrl,
    sampleDataNote: v.sampleData ? SAMPLE_DATA_NOTE : null,
  };
}

/**
 * The line under the value, comparing it with the last email the client received (issue 15): a
 * rise is a green badge with its figures, a change under half a percent reads "about the same", a
 * fall is a quiet line in words that names the earlier estimate but no loss figure. None on the
 * client's first email (no earlier value).
 */
function sinceLastUpdate(value: number, previousValue: number | null) {
  const none = { change: null, changeNote: null };
  if (previousValue === null || previousValue <= 0) return none;
  const moved = valueChange(value, previousValue);
  if (moved.direction === "up") {
    const amount = `${formatUsd(moved.amount)} (${formatPercent(moved.percent)})`;
    return {
      ...none,
      change: { text: `▲ Up ${amount} since my last update`, color: "#166534", background: "#dcfce7" },
    };
  }
  if (moved.direction === "steady") {
    return {
      ...none,
      change: { text: "About the same as my last update", color: "#475569", background: "#e2e8f0" },
    };
  }
  const below = moved.slight ? "A little below" : "Below";
  return { ...none, changeNote: `${below} the ${formatUsd(previousValue)} in my last update` };
}

function marketSection(market: MarketStats) {
  const trend = { rising: "Rising", falling: "Falling", steady: "Steady" }[market.trend];
  const year = market.medianPriceChangeYearPct;
  const summary = [
    year === null
      ? null
      : year === 0
        ? "The median sale price is the same as a year ago."
        : `The median sale price is ${year > 0 ? "up" : "down"} ${formatPercent(year)} from a year ago.`,
    `${formatCount(market.newListings)} new ${market.newListings === 1 ? "listing" : "listings"} came on the market this month.`,
  ]
    .filter(Boolean)
    .join(" ");
  const stats = [
    { label: "Median sale price", value: formatUsd(market.medianPrice) },
    { label: "Median days on market", value: formatCount(Math.round(market.medianDaysOnMarket)) },
    { label: "Homes for sale", value: formatCount(market.activeListings) },
    { label: "Price trend", value: trend },
  ];
  // Two tiles a row: readable on a phone without media queries.
  return { area: `ZIP ${market.zipCode}`, stats, rows: [stats.slice(0, 2), stats.slice(2)], summary };
}

function homeRow(home: ListingSummary) {
  const details = [
    home.propertyType === "single_family" ? null : PROPERTY_TYPE_LABELS[home.propertyType],
    `${home.bedrooms} bd`,
    `${formatDecimal(home.bathrooms)} ba`,
    home.squareFootage === null ? null : `${formatCount(home.squareFootage)} sq ft`,
  ]
    .filter(Boolean)
    .join(" · ");
  let note: string;
  if (home.soldDate) note = `Sold ${formatShortDay(home.soldDate)}`;
  else if (home.daysOnMarket === null) note = `Listed ${formatShortDay(home.listedDate)}`;
  else if (home.daysOnMarket <= 7) note = "New listing";
  else note = `${formatCount(home.daysOnMarket)} days on market`;
  return { address: home.addressLine1, price: formatUsd(home.price), details, note };
}

function initials(name: string): string {
  const words = name.split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((w) => w?.[0]?.toUpperCase() ?? "").join("");
}

/** Relative luminance (WCAG) of a #rrggbb colour, 0 (black) to 1 (white). */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}
