// Who "I" am (the actor recorded on every tick), the theme, and the optional S3 bucket.
import { useEffect, useState, type FormEvent } from 'react';
import type { Settings } from '../../../core/api';
import { hrefFor } from '../../router';
import { useApp } from '../../store';
import { S3Settings } from './S3Settings';
import { NotifyToggle } from '../notify/NotifyToggle';
import { SigningIdentity } from './SigningIdentity';

const themes: { value: Settings['theme']; label: string }[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function SettingsView() {
  const settings = useApp((s) => s.settings);
  const save = useApp((s) => s.saveSettings);
  const route = useApp((s) => s.route);
  const section = route.name === 'settings' ? route.section : undefined;
  const back = route.name === 'settings' ? route.back : undefined;
  // Arriving from the report's link: straight to the signing identity, focus on it.
  useEffect(() => {
    if (section !== 'identity') return;
    const el = document.getElementById('identity-title')?.closest('section');
    if (!el) return;
    el.tabIndex = -1;
    el.scrollIntoView?.({ block: 'start' });
    el.focus();
  }, [section]);
  const [actor, setActor] = useState(settings.actor);
  const [saved, setSaved] = useState(false);
  // A name saved elsewhere (or loaded late) replaces the field: adjusted while rendering, as React advises.
  const [shown, setShown] = useState(settings.actor);
  if (shown !== settings.actor) {
    setShown(settings.actor);
    setActor(settings.actor);
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(await save({ actor: actor.trim() }));
  };
  return (
    <main className="settings" aria-labelledby="settings-title">
      <p>
        <a href="#/">← Library</a>
        {back && (
          <>
            {' · '}
            <a href={hrefFor({ name: 'report', runId: back })}>← Back to the report</a>
          </>
        )}
      </p>
      <h2 id="settings-title">Settings</h2>
      <form className="card" onSubmit={submit}>
        <div className="field">
          <label htmlFor="settings-actor">Your name (recorded on every tick, skip and note)</label>
          <input
            id="settings-actor"
            type="text"
            required
            value={actor}
            autoComplete="name"
            onChange={(e) => (setActor(e.target.value), setSaved(false))}
          />
        </div>
        <button type="submit" className="primary">
          Save name
        </button>
        {saved && (
          <span role="status" className="saved">
            {' '}
            Saved.
          </span>
        )}
      </form>
      <fieldset className="card theme-choice">
        <legend>Theme</legend>
        {themes.map((t) => (
          <label key={t.value}>
            <input
              type="radio"
              name="theme"
              value={t.value}
              checked={settings.theme === t.value}
              onChange={() => void save({ theme: t.value })}
            />
            {t.label}
          </label>
        ))}
      </fieldset>
      <NotifyToggle />
      <S3Settings />
      <SigningIdentity />
      {back && (
        <p>
          <a href={hrefFor({ name: 'report', runId: back })}>← Back to the report</a>
        </p>
      )}
    </main>
  );
}
