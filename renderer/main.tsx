// Boot: pick the host bridge, build the store, follow the hash, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './api';
import { App } from './App';
import { parseHash } from './router';
import { createAppStore, loadRoute, StoreContext } from './store';
import './styles/base.css';
import './styles/layout.css';
import './styles/checklist.css';
import './styles/exec.css';
import './styles/clock.css';
import './styles/s3.css';
import './styles/report.css';

const store = createAppStore(connect());

window.addEventListener('hashchange', () => {
  store.getState().setRoute(parseHash(window.location.hash));
  loadRoute(store);
  window.scrollTo(0, 0);
});

void store.getState().loadSettings();
loadRoute(store);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
