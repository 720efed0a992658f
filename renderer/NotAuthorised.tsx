// Browser mode without a valid access token (a fresh browser, a spent launch link, or a tab
// left over from an earlier `drillbook serve`): say what to do instead of showing a broken app.
export function NotAuthorised() {
  return (
    <div className="app">
      <header className="topbar">
        <h1>Drillbook</h1>
      </header>
      <main className="card not-authorised" role="alert" aria-labelledby="not-authorised-title">
        <h2 id="not-authorised-title">Not authorised</h2>
        <p>
          This window has no valid access token for this Drillbook server. Open the URL printed by <code>drillbook serve</code> (it looks
          like <code>http://127.0.0.1:PORT/#token=…</code>).
        </p>
        <p className="muted">
          Each start of <code>drillbook serve</code> has a new token, so links from an earlier start no longer work.
        </p>
      </main>
    </div>
  );
}
