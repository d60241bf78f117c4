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
  return new XmlReader(text).document();
}

/** A recursive-descent reader over `text`; `i` is the offset of the next character to read. */
class XmlReader {
  i = 0;
  constructor(readonly text: string) {}

  fail(what: string): never {
    throw new Error(`${what} at offset ${this.i}: ${JSON.stringify(this.text.slice(this.i, this.i + 30))}`);
  }

  document(): XmlElement {
    const { text } = this;
    if (text.startsWith("<?xml")) {
      const end = text.indexOf("?>");
      if (end < 0) this.fail("unterminated XML declaration");
      this.i = end + 2;
    }
    this.skipSpace();
    const root = this.readElement();
    this.skipSpace();
    if (this.i !== text.length) this.fail("content after the root element");
    return root;
  }

  skipSpace(): void {
    while (this.i < this.text.length && /[ \t\r\n]/.test(this.text[this.i] as string)) this.i++;
  }

  readName(): string {
    const { text } = this;
    const start = this.i;
    if (this.i >= text.length || !isNameStart(text[this.i] as string)) this.fail("expected a name");
    while (this.i < text.length && isNameChar(text[this.i] as string)) this.i++;
    return text.slice(start, this.i);
  }

  readReference(): string {
    const end = this.text.indexOf(";", this.i);
    if (end < 0) this.fail("unterminated reference");
    const body = this.text.slice(this.i + 1, end);
    const out = this.resolveReference(body);
    this.i = end + 1;
    return out;
  }

  /** The text of `&body;`: a character reference or one of the five predefined entities. */
  resolveReference(body: string): string {
    if (/^#[0-9]+$/.test(body) || /^#x[0-9a-fA-F]+$/.test(body)) {
      const cp = body[1] === "x" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      if (!isXmlChar(cp)) this.fail(`character reference to a forbidden character &${body};`);
      return String.fromCodePoint(cp);
    }
    const named = NAMED[body];
    if (named === undefined) this.fail(`unknown entity &${body};`);
    return named as string;
  }

  readAttrValue(): string {
    const { text } = this;
    const quote = text[this.i];
    if (quote !== '"' && quote !== "'") this.fail("expected a quoted attribute value");
    this.i++;
    let value = "";
    while (this.i < text.length && text[this.i] !== quote) {
      const ch = text[this.i] as string;
      if (ch === "<") this.fail("'<' in an attribute value");
      if (ch === "&") value += this.readReference();
      else {
        // Attribute-value normalization (XML 1.0 §3.3.3): literal whitespace characters become spaces.
        value += /[\t\r\n]/.test(ch) ? " " : ch;
        this.i++;
      }
    }
    if (this.i >= text.length) this.fail("unterminated attribute value");
    this.i++;
    return value;
  }

  readElement(): XmlElement {
    if (this.text[this.i] !== "<") this.fail("expected '<'");
    this.i++;
    const name = this.readName();
    const attrs: Record<string, string> = {};
    const empty = this.readAttributes(attrs);
    return { name, attrs, children: empty ? [] : this.readContent(name) };
  }

  /** Reads attributes into `attrs` up to the end of the start tag; true for an empty-element tag (`/>`). */
  readAttributes(attrs: Record<string, string>): boolean {
    const { text } = this;
    for (;;) {
      const before = this.i;
      this.skipSpace();
      if (text.startsWith("/>", this.i)) {
        this.i += 2;
        return true;
      }
      if (text[this.i] === ">") {
        this.i++;
        return false;
      }
      if (this.i === before) this.fail("expected whitespace before an attribute");
      const attr = this.readName();
      if (attr in attrs) this.fail(`duplicate attribute ${attr}`);
      this.skipSpace();
      if (text[this.i] !== "=") this.fail("expected '='");
      this.i++;
      this.skipSpace();
      attrs[attr] = this.readAttrValue();
    }
  }

  /** Reads the content of element `name` and its end tag. */
  readContent(name: string): (XmlElement | string)[] {
    const { text } = this;
    const children: (XmlElement | string)[] = [];
    let textRun = "";
    for (;;) {
      if (this.i >= text.length) this.fail(`unclosed element <${name}>`);
      if (text.startsWith("</", this.i)) break;
      if (text.startsWith("<!--", this.i)) this.skipComment();
      else if (text[this.i] === "<") {
        if (textRun !== "") children.push(textRun);
        textRun = "";
        children.push(this.readElement());
      } else textRun += this.readCharacter();
    }
    this.readEndTag(name);
    if (textRun !== "") children.push(textRun);
    return children;
  }

  readEndTag(name: string): void {
    this.i += 2;
    const closing = this.readName();
    if (closing !== name) this.fail(`</${closing}> closes <${name}>`);
    this.skipSpace();
    if (this.text[this.i] !== ">") this.fail("expected '>'");
    this.i++;
  }

  skipComment(): void {
    const end = this.text.indexOf("-->", this.i + 4);
    if (end < 0) this.fail("unterminated comment");
    this.i = end + 3;
  }

  /** One character of text content (a reference decoded, a line end normalized). */
  readCharacter(): string {
    const { text } = this;
    const ch = text[this.i] as string;
    if (ch === "&") return this.readReference();
    if (text.startsWith("]]>", this.i)) this.fail("']]>' in content");
    // Line-end normalization (XML 1.0 §2.11): a literal CR(LF) reads as LF.
    if (ch === "\r") {
      this.i += text[this.i + 1] === "\n" ? 2 : 1;
      return "\n";
    }
    this.i++;
    return ch;
  }
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
