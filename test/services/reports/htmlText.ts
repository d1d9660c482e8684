/**
 * Reading rendered reports back in tests: headings, table rows as cell texts and plain text. The markup is generated
 * (no comments, no nested tables), so regular expressions are enough.
 */
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

export function plainText(markup: string): string {
  return markup
    .replace(/<br>/g, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e])
    .replace(/\s+/g, ' ')
    .trim();
}

/** The texts of the h2 headings, in order. */
export function sectionTitles(markup: string): string[] {
  return [...markup.matchAll(/<h2>([\s\S]*?)<\/h2>/g)].map((m) => plainText(m[1]));
}

/** The rows (cell texts, header row first) of the nth (first) table after the heading (h2 or h3) with this text. */
export function tableAfter(markup: string, heading: string, nth = 0): string[][] {
  const headings = [...markup.matchAll(/<h([23])>([\s\S]*?)<\/h\1>/g)];
  const h = headings.find((m) => plainText(m[2]).replace(/^\d+ /, '') === heading);
  if (!h) throw new Error(`no heading "${heading}" among ${headings.map((m) => plainText(m[2])).join(' | ')}`);
  const rest = markup.slice((h.index ?? 0) + h[0].length);
  const table = [...rest.matchAll(/<table[^>]*>([\s\S]*?)<\/table>/g)][nth];
  if (!table) throw new Error(`no table ${nth} after "${heading}"`);
  return [...table[1].matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => plainText(c[1])),
  );
}

/** The value of the row labelled `label` in any two-column table. */
export function valueOf(markup: string, label: string): string | undefined {
  for (const row of markup.matchAll(/<tr><th>([^<]*)<\/th><td>([\s\S]*?)<\/td><\/tr>/g)) {
    if (plainText(row[1]) === label) return plainText(row[2]);
  }
  return undefined;
}
