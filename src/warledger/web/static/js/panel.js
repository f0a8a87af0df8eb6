// The event panel: every field with its provenance, the source sentences with the spans
// marked, who said it, every report of the same event and every contradicting value.
import { documentDetail, eventDetail } from "./api.js";
import { el, replace, safeLink } from "./dom.js";
import { dateLabel, placeLabel, summary, typedDetail } from "./describe.js";
import { highlighted, locateSentence, slice } from "./highlight.js";
import { typeColor, typeLabel } from "./palette.js";

const CONTEXT = 160;

/** Load event `id` and show it in `container`; `onSelect(id)` opens another event. */
export async function showEvent(container, id, { onSelect, onClose }) {
  container.hidden = false;
  replace(container, el("p", { className: "muted loading" }, "Loading event…"));
  const detail = await eventDetail(id);
  const doc = await documentDetail(detail.doc).catch(() => null);
  const spans = eventSpans(detail);
  replace(container,
    el("header", { className: "panel-head event-head" },
      el("div", {},
        el("span", { className: "badge", style: `--type:${typeColor(detail.type)}` }, typeLabel(detail.type)),
        el("span", { className: "chip" }, detail.modality),
        detail.aggregate && el("span", { className: "chip" }, "aggregate")),
      el("button", { type: "button", className: "button-quiet close", "aria-label": "Close event", on: { click: onClose } }, "✕")),
    el("h3", { className: "event-title" }, summary(detail)),
    el("p", { className: "event-meta" }, dateLabel(detail.date), " · ", placeLabel(detail.place)),
    section("Source", sentences(detail, doc, spans)),
    section("Fields", fieldTable(detail, container)),
    detail.source && section("Attributed to", sourceLine(detail.source)),
    section("Document", documentLine(detail.document ?? doc, detail.doc)),
    reports(detail, onSelect),
    claims(detail),
    doc && el("details", { className: "full-text" },
      el("summary", {}, "Full report text"),
      el("div", { className: "report-text" }, highlighted(doc.text, 0, spans))),
  );
  container.scrollTop = 0;
  return detail;
}

function section(title, ...body) {
  return el("section", { className: "panel-section" }, el("h4", {}, title), body);
}

function eventSpans(detail) {
  return [
    { ...detail.trigger, className: "hl-trigger", key: "trigger", label: "trigger" },
    ...detail.fields.map((f, i) => ({ ...f, className: `hl-field role-${f.role}`, key: `f${i}`, label: f.role })),
  ];
}

/** One quoted block per sentence the event draws on, its spans marked. */
function sentences(detail, doc, spans) {
  const indexes = [...new Set(spans.map((span) => span.sentence))].sort((a, b) => a - b);
  return indexes.map((index) => {
    const own = spans.filter((span) => span.sentence === index);
    const located = doc && locateSentence(doc.text, detail.sentences?.[index], own[0]);
    if (located) {
      return el("blockquote", { className: "sentence", dataset: { sentence: index } },
        highlighted(located.text, located.start, own));
    }
    const start = Math.min(...own.map((span) => span.start));
    const end = Math.max(...own.map((span) => span.end));
    const text = doc ? slice(doc.text, Math.max(0, start - CONTEXT), end + CONTEXT) : own.map((span) => span.text).join(" … ");
    return el("blockquote", { className: "sentence", dataset: { sentence: index } },
      doc ? highlighted(text, Math.max(0, start - CONTEXT), own) : text);
  });
}

/** A row per field: role, value (with hedge and typed detail), quoted span and where it is. */
function fieldTable(detail, container) {
  const focus = (key, on) => {
    for (const mark of container.querySelectorAll("mark")) {
      if (mark.dataset.keys.split(" ").includes(key)) mark.classList.toggle("focus", on);
    }
  };
  const row = (key, role, value, detailText, span, hedge) =>
    el("tr", { dataset: { key }, on: { mouseenter: () => focus(key, true), mouseleave: () => focus(key, false) } },
      el("th", { scope: "row" }, role),
      el("td", {},
        el("div", { className: "value" }, value, hedge && el("span", { className: "chip hedge" }, `hedged: ${hedge}`)),
        detailText && el("div", { className: "muted small" }, detailText)),
      el("td", { className: "quote" }, `“${span.text}”`,
        el("div", { className: "muted small" }, `sentence ${span.sentence} · chars ${span.start}–${span.end}`)));
  return el("table", { className: "fields" },
    el("tbody", {},
      row("trigger", "trigger", detail.trigger.text, "", detail.trigger),
      detail.fields.map((f, i) => row(`f${i}`, f.role.replaceAll("_", " "), f.value, typedDetail(f.typed), f, f.hedge))));
}

function sourceLine(source) {
  return el("p", {}, el("strong", {}, source.name),
    [source.role, source.organisation].filter(Boolean).length ? ` (${[source.role, source.organisation].filter(Boolean).join(", ")})` : "",
    source.venue ? ` · ${source.venue}` : "");
}

function documentLine(document, docId) {
  if (!document) return el("p", { className: "muted" }, docId);
  return el("div", { className: "document" },
    el("div", {}, el("strong", {}, document.title || "Untitled report")),
    el("div", { className: "muted small" },
      [document.publisher, document.date].filter(Boolean).join(" · "), " · ", el("code", {}, document.id ?? docId)),
    document.url && el("div", { className: "small" }, safeLink(document.url)));
}

/** Other reports of the same real-world event, and the values each of them gave. */
function reports(detail, onSelect) {
  const items = detail.reports ?? [];
  if (!items.length) {
    return section("Reports", el("p", { className: "muted" }, "No other report of this event in the ledger."));
  }
  const body = el("div", {}, el("p", { className: "muted" }, "Loading reports…"));
  const own = { event_id: detail.id, publisher: detail.document?.publisher, report_date: detail.document?.date, reasons: [] };
  Promise.all(items.map((report) => eventDetail(report.event_id).catch(() => null))).then((others) => {
    const given = [{ report: own, event: detail }, ...items.map((report, i) => ({ report, event: others[i] }))];
    replace(body,
      el("ol", { className: "reports" }, given.map(({ report }) => reportItem(report, detail.id, onSelect))),
      valuesAcrossReports(given));
  });
  return section(`Reports (${items.length + 1})`, body);
}

function reportItem(report, currentId, onSelect) {
  const current = report.event_id === currentId;
  return el("li", { className: current ? "report current" : "report" },
    current
      ? el("strong", {}, report.publisher || report.doc || "This report")
      : el("button", { type: "button", className: "link", on: { click: () => onSelect(report.event_id) } },
        report.publisher || report.doc),
    " ", el("span", { className: "muted small" }, [report.report_date, current && "(shown)"].filter(Boolean).join(" ")),
    report.reasons?.length > 0 && el("span", { className: "reasons" }, `matched on ${report.reasons.join(", ")}`));
}

/**
 * Each role's distinct values across the reports, with who gave them; a role on which the
 * reports disagree is flagged, so a contradicting value is never hidden behind the first one.
 */
function valuesAcrossReports(given) {
  const roles = new Map();
  for (const { report, event } of given) {
    for (const f of event?.fields ?? []) {
      const values = roles.get(f.role) ?? new Map();
      const entry = values.get(f.value.toLowerCase()) ?? { value: f.value, by: new Set() };
      entry.by.add(report.publisher || report.doc || "this report");
      values.set(f.value.toLowerCase(), entry);
      roles.set(f.role, values);
    }
  }
  const rows = [...roles].map(([role, values]) => el("tr", { className: values.size > 1 ? "differs" : null },
    el("th", { scope: "row" }, role.replaceAll("_", " "),
      values.size > 1 && el("div", {}, el("span", { className: "chip conflict" }, "reports differ"))),
    el("td", {}, [...values.values()].map((entry) => el("div", { className: "given" },
      el("span", { className: "value" }, entry.value), " ", el("span", { className: "muted small" }, [...entry.by].join(", ")))))));
  return el("table", { className: "fields across" }, el("caption", {}, "Values across reports"), el("tbody", {}, rows));
}

/** Attributed claims that support the event: who said what. */
function claims(detail) {
  const items = detail.claims ?? [];
  if (!items.length) return null;
  return section(`Claims (${items.length})`, el("ul", { className: "claims" }, items.map((claim) =>
    el("li", {}, el("strong", {}, claim.source?.name ?? "Unnamed"), ` ${claim.cue?.text ?? "said"}: `,
      el("q", {}, claim.content?.text ?? "")))));
}
