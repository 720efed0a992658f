/* global URLSearchParams, location, history -- a plain browser script, not a module of the app */
// Served with the server's refusal of the old `?token=` / `?launch=` address (host/query-token-page.ts):
// the secret leaves the address bar and this history entry at once, the route after # stays.
(function () {
  var q = new URLSearchParams(location.search);
  if (!q.has('token') && !q.has('launch')) return;
  q.delete('token');
  q.delete('launch');
  var rest = q.toString();
  history.replaceState(null, '', location.pathname + (rest ? '?' + rest : '') + location.hash);
})();
