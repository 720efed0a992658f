// The one Content-Security-Policy for the UI, sent as a real response header by both hosts
// (browser server and Electron's app:// protocol). The renderer is built with no inline
// scripts or styles (vite base './', assetsInlineLimit 0), so 'self' is enough everywhere.
// - connect-src lists ws://127.0.0.1:* and ws://localhost:* explicitly: CSP3 lets 'self' match
//   same-origin ws:, but older engines do not; the port is random per launch, hence `:*`.
// - img-src data: for small icons a component library may inline; nothing executable.
// - object-src/base-uri/form-action 'none' and frame-ancestors 'none' close the classic
//   injection gadgets (plugins, <base> hijack, form exfiltration, clickjacking).
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
