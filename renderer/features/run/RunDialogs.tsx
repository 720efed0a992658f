// The note, skip and sign-off prompts for the open run. A skip needs a reason: the report must
// say why. A sign-off comment is optional; the engine checks the signer's role.
import { useApp } from '../../store';
import { TextDialog } from '../shared/TextDialog';

export function RunDialogs() {
  const dialog = useApp((s) => s.dialog);
  const run = useApp((s) => s.run);
  const close = useApp((s) => s.closeDialog);
  const addNote = useApp((s) => s.addNote);
  const skipStep = useApp((s) => s.skipStep);
  const signGate = useApp((s) => s.signGate);
  const actor = useApp((s) => s.settings.actor);
  if (!dialog || dialog.kind === 'actor' || dialog.kind === 'end' || !run) return null;
  const step = run.runbook.phases.flatMap((p) => p.steps).find((s) => s.id === dialog.stepId);
  const name = step ? `“${step.title}”` : dialog.stepId;
  if (dialog.kind === 'sign') {
    const role = step?.attrs.gate ?? '?';
    return (
      <TextDialog key={`sign-${dialog.stepId}`} title={`Sign off ${name} (${role})`} label="Comment (optional)" submitLabel={`Sign off as ${actor || 'me'}`} multiline optional onSubmit={(c) => signGate(dialog.stepId, c || undefined)} onClose={close} />
    );
  }
  return dialog.kind === 'note' ? (
    <TextDialog key={`note-${dialog.stepId}`} title={`Note on ${name}`} label="Note" submitLabel="Add note" multiline onSubmit={(t) => addNote(dialog.stepId, t)} onClose={close} />
  ) : (
    <TextDialog key={`skip-${dialog.stepId}`} title={`Skip ${name}`} label="Reason for skipping" submitLabel="Skip step" multiline onSubmit={(r) => skipStep(dialog.stepId, r)} onClose={close} />
  );
}
