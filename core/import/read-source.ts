// The document's bytes as text, or a clear refusal: empty, too large, binary, not UTF-8.
import { ApiError } from '../errors';
import { MAX_IMPORT_BYTES } from './import-contract';

export type SourceFormat = 'markdown' | 'html';

const MB = 1024 * 1024;

/** The document as text (a UTF-8 BOM removed); throws ApiError('bad_request') naming the file. */
export function readSource(source: string | Buffer, fileName: string): string {
  const bytes = typeof source === 'string' ? Buffer.byteLength(source, 'utf8') : source.length;
  if (bytes > MAX_IMPORT_BYTES)
    throw new ApiError(
      'bad_request',
      `${fileName} is ${(bytes / MB).toFixed(1)} MB; documents up to ${MAX_IMPORT_BYTES / MB} MB can be imported: split it`,
    );
  let text: string;
  if (typeof source === 'string') text = source;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(source);
    } catch {
      throw new ApiError('bad_request', `${fileName} is not UTF-8 text (a binary file?): export the page as markdown or HTML`);
    }
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.includes('\0'))
    throw new ApiError('bad_request', `${fileName} contains NUL bytes, so it is not a text document (a binary file?)`);
  if (text.trim() === '') throw new ApiError('bad_request', `${fileName} is empty: there is nothing to import`);
  return text;
}

/** By the file name; an unknown extension is sniffed (`<!doctype html`, `<html`). */
export function formatOf(fileName: string, text: string): SourceFormat {
  if (/\.(?:html?|xhtml)$/i.test(fileName)) return 'html';
  if (/\.(?:md|markdown|mdown|txt)$/i.test(fileName)) return 'markdown';
  return /^\s*<(?:!doctype\s+html|html)\b/i.test(text.slice(0, 1024)) ? 'html' : 'markdown';
}
