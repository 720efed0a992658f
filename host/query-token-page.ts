// The answer to the old `?token=` / `?launch=` address: a page, not plain text, so it can take the
// secret out of the address bar and history (a same-origin script: the CSP allows no inline one)
// while it says the form is no longer accepted. It never echoes the query.
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function queryTokenPage(message: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Drillbook: address no longer accepted</title><script src="/forget-query-token.js"></script></head>
<body><main><h1>Address no longer accepted</h1><p>${escape(message.trim())}</p></main></body>
</html>
`;
}
