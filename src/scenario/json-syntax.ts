/**
 * Where JSON text stops being JSON. JSON.parse says what is wrong but, depending on the engine and
 * the mistake, not always where ("Unexpected token ','" with no position in Node 20), and an
 * editor needs the place. This recognizer follows RFC 8259 and reports the first offset at which
 * the text cannot continue, with what was expected there.
 */

export interface JsonSyntaxError {
  readonly offset: number;
  readonly expected: string;
}

class Failure {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {}
}

class Recognizer {
  at = 0;

  constructor(readonly text: string) {}

  fail(expected: string): never {
    throw new Failure(this.at, expected);
  }

  space(): void {
    while (this.at < this.text.length && " \t\r\n".includes(this.text[this.at] as string))
      this.at++;
  }

  literal(word: string): void {
    if (this.text.startsWith(word, this.at)) this.at += word.length;
    else this.fail(`"${word}"`);
  }

  string(): void {
    this.at++; // the opening quote
    for (;;) {
      if (this.at >= this.text.length) this.fail('a closing "');
      const c = this.text.charCodeAt(this.at);
      if (c === 0x22) {
        this.at++;
        return;
      }
      if (c < 0x20) this.fail("a character escaped in a string (\\n, \\t, ...)");
      if (c === 0x5c) {
        const e = this.text[this.at + 1] ?? "";
        if ('"\\/bfnrt'.includes(e) && e !== "") this.at += 2;
        else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6)))
          this.at += 6;
        else {
          this.at++;
          this.fail('an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)');
        }
      } else this.at++;
    }
  }

  number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.at));
    if (match === null) this.fail("a value");
    this.at += match[0].length;
  }

  value(): void {
    this.space();
    const c = this.text[this.at];
    if (c === "{") this.members("}", true);
    else if (c === "[") this.members("]", false);
    else if (c === '"') this.string();
    else if (c === "t") this.literal("true");
    else if (c === "f") this.literal("false");
    else if (c === "n") this.literal("null");
    else if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) this.number();
    else this.fail("a value");
  }

  members(close: string, object: boolean): void {
    this.at++;
    this.space();
    if (this.text[this.at] === close) {
      this.at++;
      return;
    }
    for (;;) {
      if (object) {
        this.space();
        if (this.text[this.at] !== '"') this.fail("a property name in double quotes");
        this.string();
        this.space();
        if (this.text[this.at] !== ":") this.fail('":"');
        this.at++;
      }
      this.value();
      this.space();
      const c = this.text[this.at];
      if (c === ",") {
        this.at++;
        continue;
      }
      if (c === close) {
        this.at++;
        return;
      }
      this.fail(`"," or "${close}"`);
    }
  }
}

/** The first syntax error in `text` as JSON, or null when JSON.parse would accept it. */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  const recognizer = new Recognizer(text);
  try {
    recognizer.value();
    recognizer.space();
    if (recognizer.at < text.length) recognizer.fail("the end of the text");
    return null;
  } catch (caught) {
    if (caught instanceof Failure) return { offset: caught.offset, expected: caught.expected };
    throw caught;
  }
}
