// The error banner. It names steps by title, and it is never hidden behind a modal dialog's
// backdrop: while a <dialog> is open (the top layer, everything else inert) the banner is
// rendered inside it, so it can be read and dismissed where the commander is looking.
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useApp } from '../../store';
import { nameSteps } from './step-names';

/** The topmost open modal dialog, followed as dialogs open and close. */
function useOpenDialog(): HTMLDialogElement | undefined {
  const [open, setOpen] = useState<HTMLDialogElement | undefined>(undefined);
  useEffect(() => {
    const find = () => setOpen([...document.querySelectorAll<HTMLDialogElement>('dialog[open]')].at(-1));
    find();
    const mo = new MutationObserver(find);
    mo.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['open'] });
    return () => mo.disconnect();
  }, []);
  return open;
}

export function ErrorBanner() {
  const error = useApp((s) => s.error);
  const runbook = useApp((s) => (s.route.name === 'run' ? s.run?.runbook : undefined));
  const clearError = useApp((s) => s.clearError);
  const dialog = useOpenDialog();
  if (!error) return null;
  const banner = (
    <div className="banner banner-error" role="alert">
      <span>{nameSteps(error, runbook)}</span>
      <button type="button" onClick={clearError}>
        Dismiss
      </button>
    </div>
  );
  return dialog ? createPortal(banner, dialog) : banner;
}
