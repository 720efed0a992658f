// The one Content-Security-Policy for the UI, sent as a real response header by both hosts
// (browser server and Electron's app:// protocol). The renderer is built with no inline
// scripts or styles (vite base './', assetsInlineLimit 0), so 'self' is enough everywhere.
// - connect-src lists ws://127.0.0.1:* and ws://localhost:* explicitly: CSP3 lets 'self' match
//   same-origin ws:, but older engines do not; the port is random per launch, hence `:*`.
// - img-src data: for small icons a component library may inline; nothing executable.
// - object-src/base-uri/form-action 'none' and frame-ancestors 'none' close the classic
//   injection gadgets (plugins, <base> hijack, form exfiltration, clickjacking).
// - style-src also allows, by its hash, exactly one inline stylesheet: the report's (REPORT_CSS).
//   The report preview is a `<iframe sandbox="" srcdoc>`, and a srcdoc document inherits this
//   policy, so without the hash the preview would show unstyled. A hash (not 'unsafe-inline')
//   admits that constant text and nothing else; the sandbox gives the frame no scripts and an
//   opaque origin. No frame-src is needed: srcdoc is not fetched (default-src still applies to
//   any real frame URL). renderer/index.html's meta carries the same hash (a unit test checks).
import { createHash } from 'node:crypto';
import { REPORT_CSS } from './report/report-css';

export const REPORT_STYLE_HASH = `'sha256-${createHash('sha256').update(REPORT_CSS, 'utf8').digest('base64')}'`;

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' ${REPORT_STYLE_HASH}`,
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
