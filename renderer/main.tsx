// Boot: pick the host bridge (in browser mode after finding the access token), build the store,
// follow the hash, render. No token, or one the server refuses: the "not authorised" screen.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './api';
import { fragmentSecret } from './api/credential';
import { App } from './App';
import { keepFocus } from './features/shared/focus-keeper';
import { NotAuthorised } from './NotAuthorised';
import { hrefFor, mayLeave, parseHash } from './router';
import { createAppStore, loadRoute, StoreContext } from './store';
import './styles/base.css';
import './styles/layout.css';
import './styles/checklist.css';
import './styles/exec.css';
import './styles/clock.css';
import './styles/s3.css';
import './styles/report.css';

const root = createRoot(document.getElementById('root')!);
const notAuthorised = () => root.render(<NotAuthorised />);

async function boot(): Promise<void> {
  // First: connect() takes a #token= / #launch= fragment off the URL before the route is read.
  const connection = await connect();
  if (!connection) return notAuthorised();
  const store = createAppStore(connection);
  connection.onStatus((s) => {
    if (s === 'unauthorised') notAuthorised();
  });

  window.addEventListener('hashchange', () => {
    // A new #token= pasted into this tab's address bar is no route: start over to take it.
    if (fragmentSecret(window.location.hash)) return window.location.reload();
    // Unsaved work kept: put the address back (replaceState fires no hashchange).
    const here = hrefFor(store.getState().route);
    if (window.location.hash !== here && !mayLeave()) return window.history.replaceState(null, '', here);
    store.getState().setRoute(parseHash(window.location.hash));
    loadRoute(store);
    window.scrollTo(0, 0);
  });

  void store.getState().loadSettings();
  loadRoute(store);
  keepFocus();

  root.render(
    <StrictMode>
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>
    </StrictMode>,
  );
}

void boot();
