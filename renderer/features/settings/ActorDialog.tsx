// Asked on first launch and whenever a tick is attempted without a name: the journal records
// who did what, so "anonymous" is not an option.
import { useApp } from '../../store';
import { TextDialog } from '../shared/TextDialog';

export function ActorDialog() {
  const open = useApp((s) => s.dialog?.kind === 'actor');
  const actor = useApp((s) => s.settings.actor);
  const save = useApp((s) => s.saveSettings);
  const close = useApp((s) => s.closeDialog);
  if (!open) return null;
  return (
    <TextDialog
      title="Who is at the keyboard?"
      label="Your name"
      submitLabel="Save"
      initial={actor}
      onSubmit={(name) => save({ actor: name })}
      onClose={close}
    />
  );
}
