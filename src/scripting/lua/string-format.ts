/**
 * The numeric conversions of Lua 5.1's string.format: scanning one "%..." item as scanformat does
 * (at most 5 flag characters, 2 width digits, 2 precision digits) and formatting a number with the
 * C conversion Lua applies: %c of (int)n, %d %i of (long)n, %o %u %x %X of (unsigned long)n,
 * %e %E %f %g %G of the double.
 */
import { luaError } from './value.js';
import {
  doubleToInt32,
  doubleToInt64,
  doubleToUint64,
  formatFloat,
  formatSigned,
  formatString,
  formatUnsigned,
  type FormatSpec,
} from './c-printf.js';

/** A scanned item: the spec and the index of its conversion character. */
export interface ScannedSpec extends FormatSpec {
  end: number;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** scanformat: reads flags, width and precision starting at `i` (just after the '%'). */
export function scanFormat(fmt: string, i: number): ScannedSpec {
  const spec: ScannedSpec = { left: false, plus: false, space: false, alt: false, zero: false, width: 0, precision: -1, end: 0 };
  const start = i;
  for (;;) {
    const c = fmt.charCodeAt(i);
    if (c === 45) spec.left = true;
    else if (c === 43) spec.plus = true;
    else if (c === 32) spec.space = true;
    else if (c === 35) spec.alt = true;
    else if (c === 48) spec.zero = true;
    else break;
    i++;
  }
  if (i - start >= 6) luaError('invalid format (repeated flags)');
  if (isDigit(fmt.charCodeAt(i))) spec.width = fmt.charCodeAt(i++) - 48;
  if (isDigit(fmt.charCodeAt(i))) spec.width = spec.width * 10 + fmt.charCodeAt(i++) - 48;
  if (fmt.charCodeAt(i) === 46) {
    i++;
    spec.precision = 0;
    if (isDigit(fmt.charCodeAt(i))) spec.precision = fmt.charCodeAt(i++) - 48;
    if (isDigit(fmt.charCodeAt(i))) spec.precision = spec.precision * 10 + fmt.charCodeAt(i++) - 48;
  }
  if (isDigit(fmt.charCodeAt(i))) luaError('invalid format (width or precision too long)');
  spec.end = i;
  return spec;
}

/** One numeric item; `conv` is known to be one of c d i o u x X e E f g G. */
export function formatItem(conv: string, spec: FormatSpec, n: number): string {
  switch (conv) {
    case 'c': {
      // sprintf writes the byte, then Lua copies strlen(buff) bytes: a NUL cuts the item
      const s = formatString(String.fromCharCode(doubleToInt32(n) & 0xff), { ...spec, precision: -1 });
      const nul = s.indexOf('\0');
      return nul < 0 ? s : s.slice(0, nul);
    }
    case 'd':
    case 'i':
      return formatSigned(doubleToInt64(n), spec);
    case 'o':
    case 'u':
    case 'x':
    case 'X':
      return formatUnsigned(doubleToUint64(n), conv, spec);
    default:
      return formatFloat(n, conv, spec);
  }
}
