// Layout needs text widths without a DOM. These are DejaVu Sans advance widths (the font resvg uses
// for sans-serif on Debian, fonts-dejavu-core) in hundredths of an em for ASCII 32–126; most other
// sans-serif fonts are narrower, so layouts built on them leave room to spare.
const ASCII = [
  32, 40, 46, 84, 64, 95, 78, 27, 39, 39, 50, 84, 32, 36, 32, 34, 64, 64, 64, 64, 64, 64, 64, 64,
  64, 64, 34, 34, 84, 84, 84, 53, 100, 68, 69, 70, 77, 63, 58, 77, 75, 29, 29, 66, 56, 86, 75, 79,
  60, 79, 69, 63, 61, 73, 68, 99, 69, 61, 69, 39, 34, 39, 84, 50, 50, 61, 63, 55, 63, 62, 35, 63,
  63, 28, 28, 58, 28, 97, 63, 61, 63, 63, 41, 52, 39, 63, 59, 82, 59, 59, 52, 64, 34, 64, 84,
];
const WIDE = new Set([...'−≈→←≤≥×…']);
const SMALL = new Set([...'⁰¹²³⁴⁵⁶⁷⁸⁹⁻·']);

/** Estimated width in pixels of `s` at `fontSize` (bold text is about 10% wider). */
export function textWidth(s: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 32 && c <= 126) em += (ASCII[c - 32] as number) / 100;
    else if (WIDE.has(ch)) em += 0.9;
    else if (SMALL.has(ch)) em += 0.4;
    else em += 0.66;
  }
  return em * fontSize * (bold ? 1.1 : 1);
}

/** Shortens `s` with an ellipsis so it fits `maxWidth`. */
export function truncate(s: string, fontSize: number, maxWidth: number, bold = false): string {
  if (textWidth(s, fontSize, bold) <= maxWidth) return s;
  let out = s;
  while (out.length > 1 && textWidth(`${out}…`, fontSize, bold) > maxWidth) out = out.slice(0, -1);
  return `${out}…`;
}
