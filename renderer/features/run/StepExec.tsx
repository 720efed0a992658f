// Run / Cancel for a command (or s3-check) step, where it runs, and its output per host: live
// while it runs (step.output events, a bounded tail), from the evidence files afterwards.
// stdout and stderr are told apart by a word as well as by colour; output is shown as a terminal
// would show it (terminal-text.ts), the evidence file keeps every byte.
import { useEffect, useRef } from 'react';
import type { Step } from '../../../core/runbook/model';
import { failedHosts } from '../../../core/run/host-results';
import type { StepState } from '../../../core/run/state';
import { useApp } from '../../store';
import type { HostTail } from '../../store/exec.slice';
import { CommandAsRun } from './CommandAsRun';
import { terminalText } from './terminal-text';

interface Props {
  step: Step;
  state?: StepState;
  readOnly?: boolean;
  /** Why the step may not start yet, if it may not. */
  blocked?: string;
}

const aboutSize = (chars: number) =>
  chars >= 1e6 ? `about ${(chars / 1e6).toFixed(1)} MB` : chars >= 1e3 ? `about ${Math.round(chars / 1e3)} KB` : `${chars} characters`;

function HostOutputView({ host, tail, label }: { host: string; tail: HostTail; label: boolean }) {
  const ref = useRef<HTMLPreElement>(null);
  const stick = useRef(true);
  useEffect(() => {
    // Follow new output unless the reader scrolled up to look at something.
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [tail]);
  return (
    <section className="host-output" aria-label={`Output on ${host}`}>
      {label && (
        <h4 className="host-output-name">
          <code>{host}</code>
        </h4>
      )}
      {tail.truncated && (
        <p className="muted field-hint">
          Earlier output is not shown here{tail.dropped > 0 ? ` (${aboutSize(tail.dropped)} left out)` : ''}; the full output is in the
          evidence file
          {tail.file ? (
            <>
              {' '}
              <code>{tail.file}</code>
            </>
          ) : (
            ''
          )}
          .
        </p>
      )}
      <pre
        ref={ref}
        className="output-tail"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {tail.segments.length === 0 ? (
          <span className="muted">(no output yet)</span>
        ) : (
          tail.segments.map((s, i) => (
            <span key={i} className={`out-${s.stream}`} title={s.stream}>
              {s.stream === 'stderr' && <span className="sr-only">stderr: </span>}
              {terminalText(s.text)}
            </span>
          ))
        )}
      </pre>
    </section>
  );
}

export function StepExec({ step, state, readOnly, blocked }: Props) {
  const action = step.action;
  const status = state?.status ?? 'pending';
  const busy = useApp((s) => s.execBusy[step.id]);
  const output = useApp((s) => s.output[step.id]);
  const bound = useApp((s) =>
    action?.type === 'command' && action.host !== 'local'
      ? s.run && Object.hasOwn(s.run.state.bindings, action.host)
        ? s.run.state.bindings[action.host]
        : undefined
      : undefined,
  );
  const params = useApp((s) => s.run?.state.params);
  const runStep = useApp((s) => s.runStep);
  const cancelStep = useApp((s) => s.cancelStep);
  const loadStepOutput = useApp((s) => s.loadStepOutput);
  const running = status === 'running';
  // Opened while the step runs (a reload, another window started it): fetch what it printed so far.
  // Only on a change of step, status or attempt: live events keep `output` current after that.
  const needsTail = running && !output;
  const tailFor = needsTail ? state?.attempt : undefined;
  useEffect(() => {
    if (needsTail) void loadStepOutput(step.id);
  }, [needsTail, tailFor, step.id, loadStepOutput]);
  if (!action) return null;

  const remote = action.type === 'command' && action.host !== 'local';
  const unbound = remote && !bound?.length;
  const where =
    action.type === 's3-check'
      ? 'S3'
      : action.host === 'local'
        ? 'this machine (local)'
        : unbound
          ? `role ${action.host}: no host bound in this run`
          : `${action.host} → ${bound!.join(', ')}`;
  const canRun = !readOnly && (status === 'pending' || status === 'failed') && !unbound && !blocked;
  // A fan-out whose last attempt failed on some hosts only may retry just those.
  const failed = remote && status === 'failed' && (bound?.length ?? 0) > 1 ? failedHosts(state) : [];
  const retry = failed.length > 0 && failed.length < bound!.length ? failed : [];
  const hosts = Object.entries(output ?? {});
  const hint = `exec-${step.id}`;
  const ran = Object.keys(state?.hosts ?? {}).length > 0;
  const panel = hosts.length > 0 && (
    <div className="step-output">
      {hosts.map(([host, tail]) => (
        <HostOutputView key={host} host={host} tail={tail} label={hosts.length > 1 || remote} />
      ))}
    </div>
  );

  return (
    <div className="step-exec">
      <div className="step-exec-line">
        <span id={hint} className="muted">
          Runs on: {where}
        </span>
        {!readOnly && running && (
          <button type="button" className="danger" onClick={() => void cancelStep(step.id)} disabled={busy === 'cancel'}>
            {busy === 'cancel' ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
        {!readOnly && !running && (status === 'pending' || status === 'failed') && (
          <button
            type="button"
            className="primary run-step"
            onClick={() => void runStep(step.id)}
            disabled={!canRun || busy === 'run'}
            aria-describedby={hint}
          >
            {busy === 'run' ? 'Starting…' : status === 'failed' ? 'Run again' : 'Run'}
          </button>
        )}
        {!readOnly && !running && retry.length > 0 && (
          <button
            type="button"
            className="retry-failed"
            onClick={() => void runStep(step.id, retry)}
            disabled={!canRun || busy === 'run'}
            aria-describedby={hint}
          >
            Retry failed hosts only ({retry.join(', ')})
          </button>
        )}
      </div>
      {params && <CommandAsRun step={step} params={params} />}
      {running
        ? panel
        : (ran || hosts.length > 0) && (
            <details
              className="step-output-details"
              open={hosts.length > 0 || undefined}
              onToggle={(e) => {
                if (e.currentTarget.open && hosts.length === 0) void loadStepOutput(step.id);
              }}
            >
              <summary>Output{state?.attempt && state.attempt > 1 ? ` (attempt ${state.attempt})` : ''}</summary>
              {panel}
            </details>
          )}
    </div>
  );
}
