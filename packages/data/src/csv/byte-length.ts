/** Whether `text` takes more than `limit` bytes in UTF-8, decided without encoding it. */
export function utf8LengthExceeds(text: string, limit: number): boolean {
  // Each UTF-16 unit takes at least one byte and at most three (a surrogate pair, two units,
  // takes four), so most texts are decided without the loop.
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
    if (bytes > limit) return true;
  }
  return false;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
