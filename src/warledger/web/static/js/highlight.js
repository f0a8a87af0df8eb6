// Report text with spans marked: text nodes and <mark> elements only, so markup in a report
// is always shown as the characters it is.
import { el } from "./dom.js";

/**
 * Nodes for `text` (which starts at document offset `offset`) with every span in `spans`
 * ({start, end, className, key}, document offsets) wrapped in <mark>. Overlapping spans split
 * the text into segments; each segment carries the classes and keys of all spans covering it.
 */
export function highlighted(text, offset, spans) {
  const end = offset + text.length;
  const inside = spans.filter((span) => span.end > offset && span.start < end);
  const cuts = new Set([offset, end]);
  for (const span of inside) {
    cuts.add(Math.max(span.start, offset));
    cuts.add(Math.min(span.end, end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  for (let i = 0; i < points.length - 1; i += 1) {
    const [from, to] = [points[i], points[i + 1]];
    const piece = text.slice(from - offset, to - offset);
    const covering = inside.filter((span) => span.start <= from && span.end >= to);
    if (!covering.length) {
      nodes.push(piece);
      continue;
    }
    nodes.push(el("mark", {
      className: [...new Set(covering.map((span) => span.className))].join(" "),
      dataset: { keys: covering.map((span) => span.key).join(" ") },
      title: covering.map((span) => span.label).filter(Boolean).join(", ") || null,
    }, piece));
  }
  return nodes;
}

/**
 * Where sentence `sentence` (its text, or {start, end, text}) lies in `docText`: the occurrence
 * that contains `span`. Null when the sentence text is not found there.
 */
export function locateSentence(docText, sentence, span) {
  if (sentence && typeof sentence === "object" && Number.isInteger(sentence.start)) {
    return { start: sentence.start, text: docText.slice(sentence.start, sentence.end).trimEnd() };
  }
  if (typeof sentence !== "string" || !docText) return null;
  let at = docText.lastIndexOf(sentence, span.start);
  if (at < 0 || at + sentence.length < span.end) at = docText.indexOf(sentence);
  // Trailing line breaks would only add empty lines under the quote.
  return at < 0 ? null : { start: at, text: sentence.trimEnd() };
}
