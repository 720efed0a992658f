// A modal on the native <dialog>: the browser traps focus, Esc fires "cancel", and focus returns
// to where it was — behaviour a hand-rolled overlay tends to get subtly wrong.
import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Closing is refused (e.g. the first-launch name prompt when a tick is waiting for it). */
  required?: boolean;
}

export function Dialog({ title, onClose, children, required }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const opener = document.activeElement as HTMLElement | null;
    if (typeof d.showModal === 'function' && !d.open) d.showModal();
    else d.setAttribute('open', '');
    return () => {
      if (d.open && typeof d.close === 'function') d.close();
      opener?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="dialog-title"
      onCancel={(e) => {
        e.preventDefault(); // we unmount it ourselves, keeping React the owner of "open"
        if (!required) onClose();
      }}
    >
      <h2 id="dialog-title">{title}</h2>
      {children}
    </dialog>
  );
}
