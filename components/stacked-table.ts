/**
 * Classes for a table that becomes a list of cards on phones: below `sm` every row is a small grid
 * (one column for the main cell, a narrow one for a badge beside it) and every cell a line of the
 * card, so nothing sits in a column off to the right. From `sm` up it is an ordinary table.
 */

export const stackedTable = {
  /** On the wrapping box: a wide table scrolls inside it between `sm` and the width it needs. */
  frame: "overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm",
  table: "block w-full text-sm sm:table sm:divide-y sm:divide-slate-200",
  head: "hidden bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 sm:table-header-group",
  body: "block divide-y divide-slate-100 sm:table-row-group",
  row: "grid grid-cols-[minmax(0,1fr)_auto] gap-x-3 gap-y-1 px-4 py-3 hover:bg-slate-50 sm:table-row sm:p-0",
  /** A cell on a line of its own (the card's full width on phones). */
  cell: "col-span-2 block wrap-anywhere sm:table-cell sm:px-4 sm:py-3",
  /** The card's first line, beside `badge`. */
  lead: "block wrap-anywhere sm:table-cell sm:px-4 sm:py-3",
  /** Beside the first line on phones (a status badge). */
  badge: "col-start-2 row-start-1 block sm:table-cell sm:px-4 sm:py-3",
  /**
   * With `cell`, on a cell that carries `data-label`: phones show that name (the hidden column
   * header's) before the value.
   */
  labelled:
    "before:mr-1 before:text-xs before:text-slate-500 before:content-[attr(data-label)] sm:before:content-none",
} as const;
