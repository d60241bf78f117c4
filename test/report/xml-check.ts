/**
 * A tiny, strict XML 1.0 reader for the JUnit tests: enough of the grammar (declaration, elements, attributes,
 * character and entity references, comments) to reject anything ill-formed that a renderer could produce
 * (unescaped markup, bad references, forbidden characters, unbalanced tags) and to give back the decoded tree.
 * No DTDs, CDATA or processing instructions: the renderer never writes them, so they count as errors here.
 */

/** An element with decoded attribute values and children (decoded text or elements). */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
}

// XML 1.0 §2.2 Char.
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function isNameStart(ch: string): boolean {
  return /[A-Za-z_:]/.test(ch) || ch.charCodeAt(0) > 0x7f;
}

function isNameChar(ch: string): boolean {
  return isNameStart(ch) || /[0-9.-]/.test(ch);
}

/** Parses `text` as an XML document; throws an Error naming the offset of the first problem. */
export function parseXml(text: string): XmlElement {
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (!isXmlChar(cp)) throw new Error(`forbidden character U+${cp.toString(16)} (XML 1.0 §2.2)`);
  }
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at offset ${i}: ${JSON.stringify(text.slice(i, i + 30))}`);
  };
  const skipSpace = () => {
    while (i < text.length && /[ \t\r\n]/.test(text[i] as string)) i++;
  };
  const readName = (): string => {
    const start = i;
    if (i >= text.length || !isNameStart(text[i] as string)) fail("expected a name");
    while (i < text.length && isNameChar(text[i] as string)) i++;
    return text.slice(start, i);
  };
  const readReference = (): string => {
    const end = text.indexOf(";", i);
    if (end < 0) fail("unterminated reference");
    const body = text.slice(i + 1, end);
    let out: string;
    if (/^#[0-9]+$/.test(body) || /^#x[0-9a-fA-F]+$/.test(body)) {
      const cp = body[1] === "x" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      if (!isXmlChar(cp)) fail(`character reference to a forbidden character &${body};`);
      out = String.fromCodePoint(cp);
    } else {
      const named = NAMED[body];
      if (named === undefined) fail(`unknown entity &${body};`);
      out = named as string;
    }
    i = end + 1;
    return out;
  };
  const readAttrValue = (): string => {
    const quote = text[i];
    if (quote !== '"' && quote !== "'") fail("expected a quoted attribute value");
    i++;
    let value = "";
    while (i < text.length && text[i] !== quote) {
      const ch = text[i] as string;
      if (ch === "<") fail("'<' in an attribute value");
      if (ch === "&") value += readReference();
      else {
        // Attribute-value normalization (XML 1.0 §3.3.3): literal whitespace characters become spaces.
        value += /[\t\r\n]/.test(ch) ? " " : ch;
        i++;
      }
    }
    if (i >= text.length) fail("unterminated attribute value");
    i++;
    return value;
  };
  const readElement = (): XmlElement => {
    if (text[i] !== "<") fail("expected '<'");
    i++;
    const name = readName();
    const attrs: Record<string, string> = {};
    for (;;) {
      const before = i;
      skipSpace();
      if (text.startsWith("/>", i)) {
        i += 2;
        return { name, attrs, children: [] };
      }
      if (text[i] === ">") {
        i++;
        break;
      }
      if (i === before) fail("expected whitespace before an attribute");
      const attr = readName();
      if (attr in attrs) fail(`duplicate attribute ${attr}`);
      skipSpace();
      if (text[i] !== "=") fail("expected '='");
      i++;
      skipSpace();
      attrs[attr] = readAttrValue();
    }
    const children: (XmlElement | string)[] = [];
    let textRun = "";
    for (;;) {
      if (i >= text.length) fail(`unclosed element <${name}>`);
      if (text.startsWith("</", i)) {
        i += 2;
        const closing = readName();
        if (closing !== name) fail(`</${closing}> closes <${name}>`);
        skipSpace();
        if (text[i] !== ">") fail("expected '>'");
        i++;
        if (textRun !== "") children.push(textRun);
        return { name, attrs, children };
      }
      if (text.startsWith("<!--", i)) {
        const end = text.indexOf("-->", i + 4);
        if (end < 0) fail("unterminated comment");
        i = end + 3;
        continue;
      }
      const ch = text[i] as string;
      if (ch === "<") {
        if (textRun !== "") children.push(textRun);
        textRun = "";
        children.push(readElement());
      } else if (ch === "&") textRun += readReference();
      else {
        if (text.startsWith("]]>", i)) fail("']]>' in content");
        // Line-end normalization (XML 1.0 §2.11): a literal CR(LF) reads as LF.
        if (ch === "\r") {
          textRun += "\n";
          i += text[i + 1] === "\n" ? 2 : 1;
          continue;
        }
        textRun += ch;
        i++;
      }
    }
  };
  if (text.startsWith("<?xml")) {
    const end = text.indexOf("?>");
    if (end < 0) fail("unterminated XML declaration");
    i = end + 2;
  }
  skipSpace();
  const root = readElement();
  skipSpace();
  if (i !== text.length) fail("content after the root element");
  return root;
}

/** All descendants of `root` (depth first) named `name`. */
export function findAll(root: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    if (e.name === name) out.push(e);
    for (const c of e.children) if (typeof c !== "string") walk(c);
  };
  walk(root);
  return out;
}

/** The concatenated text content of an element. */
export function textOf(e: XmlElement): string {
  return e.children.map((c) => (typeof c === "string" ? c : textOf(c))).join("");
}
