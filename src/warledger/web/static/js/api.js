// Calls to the warledger HTTP API (same origin). Every function returns parsed JSON.

const PAGE_SIZE = 500;

/** Query string from an object, leaving out empty values. */
export function queryString(params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== "" && value !== null && value !== undefined) query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : "";
}

/** GET a JSON resource; a failed request throws an Error carrying the API's message. */
export async function getJSON(path, params = {}) {
  const response = await fetch(path + queryString(params), { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const reason = body && (body.detail || body.error);
    throw new Error(`${path}: ${typeof reason === "string" ? reason : response.statusText}`);
  }
  return body;
}

/** How many events an /api/events page says match, e.g. "740", or "1,000+" where the API stopped counting. */
export function matching(page) {
  const count = page.count.toLocaleString("en");
  return page.count_exact ? count : `${count}+`;
}

/**
 * Every event matching `filters`, following the keyset cursor page by page. After each page,
 * `onPage(loaded, matching)` hears how many events have been fetched and how many match.
 */
export async function allEvents(filters, onPage = () => {}) {
  const items = [];
  const seen = new Set();
  let cursor = null;
  do {
    const page = await getJSON("/api/events", { ...filters, limit: PAGE_SIZE, cursor });
    items.push(...page.items);
    onPage(items.length, matching(page));
    seen.add(cursor);
    cursor = page.next_cursor;
  } while (cursor && !seen.has(cursor));
  return items;
}

/** One event with its sentences, document, claims, reports and field corroboration. */
export const eventDetail = (id) => getJSON(`/api/events/${encodeURIComponent(id)}`);

/** One document with its text and the spans of every mention. */
export const documentDetail = (id) => getJSON(`/api/documents/${encodeURIComponent(id)}`);

/** Ledger totals: documents, events, claims, events by type and by day. */
export const stats = () => getJSON("/api/stats");
