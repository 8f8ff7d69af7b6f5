import { describe, expect, it } from 'vitest';
import { html, safe, shown } from './escape.js';

describe('showing strings from a trace', () => {
  it('makes controls, bidi overrides and zero-width characters visible as escapes', () => {
    expect(shown('a\u202eb\u0007c\u200bd\u2028e\u0000')).toBe('a\\u{202e}b\\u{7}c\\u{200b}d\\u{2028}e\\u{0}');
  });

  it('cuts a huge string and says how much was cut, never inside a surrogate pair', () => {
    expect(shown('x'.repeat(1_000_000), 10)).toBe(`${'x'.repeat(10)}… (999990 more characters)`);
    const s = `${'a'.repeat(9)}😀tail`;
    expect(shown(s, 10)).toBe(`${'a'.repeat(9)}… (${s.length - 9} more characters)`);
  });

  it('escapes markup and both quotes for text and attributes', () => {
    expect(html(`<script>"x"&'y'</script>`)).toBe('&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;');
    expect(safe('<b>\u202e</b>')).toBe('&lt;b&gt;\\u{202e}&lt;/b&gt;');
  });
});

describe('showing several lines', () => {
  it('keeps line breaks only when asked', async () => {
    const { safeLines } = await import('./escape.js');
    expect(safeLines('a\nb\u202e<', 100)).toBe('a\nb\\u{202e}&lt;');
    expect(safe('a\nb')).toBe('a\\u{a}b');
  });
});
