import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * The bytes of a CSV upload as the CSV parser reads them, chunk by chunk: UTF-8 decoded (a character split between
 * chunks is joined), the byte-order mark Excel writes dropped, line ends as `\n` (a CR at the end of one chunk waits
 * for the next), and the first `skipRows` lines (titles written by meter software, stray quotes and all) left out.
 */
export class CsvText extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private atStart = true;
  private pendingCr = false;
  private linesToSkip: number;

  constructor(skipRows: number) {
    super({ readableObjectMode: false, decodeStrings: true });
    this.linesToSkip = skipRows;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.pushText(this.decoder.write(chunk), false);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.pushText(this.decoder.end(), true);
    callback();
  }

  private pushText(decoded: string, last: boolean): void {
    let text = (this.pendingCr ? '\r' : '') + decoded;
    this.pendingCr = false;
    if (this.atStart && text.length > 0) {
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (!last && text.endsWith('\r')) {
      this.pendingCr = true;
      text = text.slice(0, -1);
    }
    text = text.replace(/\r\n?/g, '\n');
    while (this.linesToSkip > 0 && text.length > 0) {
      const end = text.indexOf('\n');
      if (end === -1) return;
      text = text.slice(end + 1);
      this.linesToSkip--;
    }
    if (text.length > 0) this.push(text);
  }
}
