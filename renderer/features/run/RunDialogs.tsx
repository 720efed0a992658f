// The note, skip, reopen, override and sign-off prompts for the open run. Every change of the
// record that is not the plain work asks why: a skip, an undo (reopen), an override — the report
// must say it. A sign-off comment is optional; the engine checks the signer's role.
import { standingFailure } from '../../../core/run/outcome';
import { useApp } from '../../store';
import { TextDialog } from '../shared/TextDialog';
import { SignOffDialog } from './SignOffDialog';

export function RunDialogs() {
  const dialog = useApp((s) => s.dialog);
  const run = useApp((s) => s.run);
  const close = useApp((s) => s.closeDialog);
  const addNote = useApp((s) => s.addNote);
  const skipStep = useApp((s) => s.skipStep);
  const reopenStep = useApp((s) => s.reopenStep);
  const overrideStep = useApp((s) => s.overrideStep);
  if (!dialog || dialog.kind === 'actor' || dialog.kind === 'end' || !run) return null;
  const step = run.runbook.phases.flatMap((p) => p.steps).find((s) => s.id === dialog.stepId);
  const name = step ? `“${step.title}”` : dialog.stepId;
  const state = run.state.steps[dialog.stepId];
  const status = state?.status ?? 'pending';
  switch (dialog.kind) {
    case 'sign':
      return <SignOffDialog key={`sign-${dialog.stepId}`} stepId={dialog.stepId} name={name} role={step?.attrs.gate ?? '?'} />;
    case 'note':
      return (
        <TextDialog
          key={`note-${dialog.stepId}`}
          title={`Note on ${name}`}
          label="Note"
          submitLabel="Add note"
          multiline
          onSubmit={(t) => addNote(dialog.stepId, t)}
          onClose={close}
        />
      );
    case 'skip': {
      // Skipping a failed step overrides the failure: the dialog says so, as "accept despite failure" does.
      const failed = standingFailure(state);
      return (
        <TextDialog
          key={`skip-${dialog.stepId}`}
          title={failed ? `Skip ${name} despite its failure` : `Skip ${name}`}
          label="Reason for skipping"
          {...(failed
            ? {
                hint: `Attempt ${state?.attempt ?? '?'} failed${state?.error ? ` (${state.error})` : ''}. Skipping keeps the failure on the record: the step is counted as SKIPPED AFTER FAILING, not as a plain skip, and the run as a deviation.`,
              }
            : {})}
          submitLabel={failed ? 'Skip despite failure' : 'Skip step'}
          multiline
          onSubmit={(r) => skipStep(dialog.stepId, r)}
          onClose={close}
        />
      );
    }
    case 'reopen': {
      const what = status === 'skipped' ? 'skip' : status === 'overridden' ? 'override' : 'completion';
      const tick = dialog.then === 'complete';
      return (
        <TextDialog
          key={`reopen-${dialog.stepId}`}
          title={tick ? `Tick ${name} after it was skipped` : `Reopen ${name}`}
          label="Reason for reopening"
          hint={`Undoing the ${what} is recorded with this reason; the earlier record stays in the history.${tick ? ' The step is then ticked.' : ''}`}
          submitLabel={tick ? 'Reopen and tick' : 'Reopen step'}
          multiline
          onSubmit={(r) => reopenStep(dialog.stepId, r, dialog.then)}
          onClose={close}
        />
      );
    }
    case 'override': {
      const failed = status === 'failed';
      return (
        <TextDialog
          key={`override-${dialog.stepId}`}
          title={failed ? `Accept ${name} despite failure` : `Mark ${name} done without running`}
          label={failed ? 'Why the failure is acceptable' : 'Why it was not run here'}
          hint={
            failed
              ? `Attempt ${state?.attempt ?? '?'} failed${state?.error ? ` (${state.error})` : ''}. The step is recorded as OVERRIDDEN (accepted failure), not done, and the run as a deviation.`
              : 'It has not run here. The step is recorded as OVERRIDDEN (not run), not done, and the run as a deviation.'
          }
          submitLabel={failed ? 'Accept despite failure' : 'Mark done without running'}
          multiline
          onSubmit={(r) => overrideStep(dialog.stepId, r)}
          onClose={close}
        />
      );
    }
  }
}
