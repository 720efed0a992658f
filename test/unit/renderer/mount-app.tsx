// Renders the whole app over a store, the way main.tsx does: settings loaded, route applied.
import { act, render } from '@testing-library/react';
import { App } from '../../../renderer/App';
import { loadRoute, StoreContext, type AppStore } from '../../../renderer/store';

// Tells React this is a test renderer, so act() flushes effects without warnings.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export async function mountApp(store: AppStore): Promise<void> {
  await act(async () => {
    await store.getState().loadSettings();
    loadRoute(store);
  });
  render(
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>,
  );
}
