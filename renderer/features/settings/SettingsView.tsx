// Who "I" am (the actor recorded on every tick), the theme, and the optional S3 bucket.
import { useState, type FormEvent } from 'react';
import type { Settings } from '../../../core/api';
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
    </main>
  );
}
