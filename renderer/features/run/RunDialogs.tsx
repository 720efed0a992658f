// The note and skip prompts for the open run. A skip needs a reason: the report must say why.
import { useApp } from '../../store';
import { TextDialog } from '../shared/TextDialog';

export function RunDialogs() {
  const dialog = useApp((s) => s.dialog);
  const run = useApp((s) => s.run);
  const close = useApp((s) => s.closeDialog);
  const addNote = useApp((s) => s.addNote);
  const skipStep = useApp((s) => s.skipStep);
  if (!dialog || dialog.kind === 'actor' || !run) return null;
  const step = run.runbook.phases.flatMap((p) => p.steps).find((s) => s.id === dialog.stepId);
  const name = step ? `“${step.title}”` : dialog.stepId;
  return dialog.kind === 'note' ? (
    <TextDialog key={`note-${dialog.stepId}`} title={`Note on ${name}`} label="Note" submitLabel="Add note" multiline onSubmit={(t) => addNote(dialog.stepId, t)} onClose={close} />
  ) : (
    <TextDialog key={`skip-${dialog.stepId}`} title={`Skip ${name}`} label="Reason for skipping" submitLabel="Skip step" multiline onSubmit={(r) => skipStep(dialog.stepId, r)} onClose={close} />
  );
}
