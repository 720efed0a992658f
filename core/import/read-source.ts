// The document's bytes as text, or a clear refusal: empty, too large, binary, not UTF-8.
import { ApiError } from '../errors';
import { MAX_FILE_BYTES, MAX_IMPORT_BYTES } from '../runbook/limits';

export type SourceFormat = 'markdown' | 'html';

const MB = 1024 * 1024;

/** The document as text (a UTF-8 BOM removed); throws ApiError('bad_request') naming the file. */
export function readSource(source: string | Buffer, fileName: string, format: SourceFormat): string {
  const bytes = typeof source === 'string' ? Buffer.byteLength(source, 'utf8') : source.length;
  // Markdown becomes a runbook of about its own size, and runbooks stop at 1 MB; HTML carries markup.
  const limit = format === 'html' ? MAX_IMPORT_BYTES : MAX_FILE_BYTES;
  if (bytes > limit)
    throw new ApiError(
      'bad_request',
      `${fileName} is ${(bytes / MB).toFixed(2)} MB; ${format} documents up to ${limit / MB} MB can be imported: split it`,
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

/** By the file name; an unknown extension is sniffed (`<!doctype html`, `<html` at the start). */
export function formatOf(fileName: string, source: string | Buffer): SourceFormat {
  if (/\.(?:html?|xhtml)$/i.test(fileName)) return 'html';
  if (/\.(?:md|markdown|mdown|txt)$/i.test(fileName)) return 'markdown';
  const start = (typeof source === 'string' ? source.slice(0, 1024) : source.subarray(0, 1024).toString('latin1')).replace(
    /^\uFEFF|^\xEF\xBB\xBF/,
    '',
  );
  return /^\s*<(?:!doctype\s+html|html)\b/i.test(start) ? 'html' : 'markdown';
}
