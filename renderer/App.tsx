// The frame: top bar, the connection and error banners, and the screen for the current route.
import { lazy, Suspense, useEffect } from 'react';
import { LibraryView } from './features/library/LibraryView';
import { useRunNotifications } from './features/notify/useRunNotifications';
import { PublishDialog } from './features/library/PublishDialog';
import { ControlsView } from './features/register/ControlsView';
import { HistoryView } from './features/register/HistoryView';
import { RegisterView } from './features/register/RegisterView';
import { EndRunDialog } from './features/run/EndRunDialog';
import { EngineWaitBanner } from './features/shared/EngineWaitBanner';
import { ErrorBanner } from './features/shared/ErrorBanner';
import { focusPageStart } from './features/shared/focus-keeper';
import { PromptDialog } from './features/run/PromptDialog';
import { ReportView } from './features/report/ReportView';
import { RunView } from './features/run/RunView';
import { RunbookView } from './features/runbook/RunbookView';
import { ActorDialog } from './features/settings/ActorDialog';
import { SettingsView } from './features/settings/SettingsView';
import { useTheme } from './features/settings/useTheme';
import { useApp } from './store';

function Banners() {
  const connection = useApp((s) => s.connection);
  const waitingSince = useApp((s) => s.waitingSince);
  return (
    <>
      {connection === 'open' && <EngineWaitBanner since={waitingSince} />}
      {connection === 'reconnecting' && (
        <div className="banner banner-offline" role="alert">
          Connection lost — reconnecting… Changes you make now are not saved; wait for this bar to go away.
        </div>
      )}
      <ErrorBanner />
    </>
  );
}

// The editor (CodeMirror) loads when first opened, so the checklist starts without it.
const EditorView = lazy(() => import('./features/editor/EditorView').then((m) => ({ default: m.EditorView })));
const ImportView = lazy(() => import('./features/library/import/ImportView').then((m) => ({ default: m.ImportView })));
const loading = <p className="muted">Loading the editor…</p>;

function Screen() {
  const route = useApp((s) => s.route);
  switch (route.name) {
    case 'library':
      return <LibraryView />;
    case 'runbook':
      return <RunbookView id={route.id} version={route.version} />;
    case 'edit':
      return (
        <Suspense fallback={loading}>
          <EditorView id={route.id} version={route.version} />
        </Suspense>
      );
    case 'import':
      return (
        <Suspense fallback={loading}>
          <ImportView />
        </Suspense>
      );
    case 'run':
      return <RunView runId={route.runId} />;
    case 'report':
      return <ReportView runId={route.runId} />;
    case 'settings':
      return <SettingsView />;
    case 'register':
      return <RegisterView />;
    case 'history':
      return <HistoryView runbookId={route.runbookId} />;
    case 'controls':
      return <ControlsView />;
  }
}

export function App() {
  const theme = useApp((s) => s.settings.theme);
  const actor = useApp((s) => s.settings.actor);
  const openDialog = useApp((s) => s.openDialog);
  const route = useApp((s) => s.route);
  // A new page: keyboard focus goes to its main heading, not back to the top of the document.
  useEffect(() => focusPageStart(), [route]);
  useTheme(theme);
  useRunNotifications();
  return (
    <div className="app">
      <header className="topbar">
        <h1>
          <a href="#/">Drillbook</a>
        </h1>
        <nav aria-label="Main">
          <a href="#/">Library</a>
          <a href="#/register">Register</a>
          <a href="#/settings">Settings</a>
          <button
            type="button"
            className="actor"
            onClick={() => openDialog({ kind: 'actor' })}
            aria-label={actor ? `You are ${actor}; change name` : 'Set your name'}
          >
            {actor ? (
              <>
                You: <strong>{actor}</strong>
              </>
            ) : (
              'Set your name'
            )}
          </button>
        </nav>
      </header>
      <Banners />
      <Screen />
      <ActorDialog />
      <EndRunDialog />
      <PromptDialog />
      <PublishDialog />
    </div>
  );
}
