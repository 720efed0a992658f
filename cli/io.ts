// Where commands write: injectable so the CLI's output contract can be tested in-process.
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/**
 * A stream whose reader went away (`drillbook lint | head -3`): later lines are dropped
 * instead of dying with an EPIPE stack, and the command still ends with its own exit code.
 */
function writer(stream: NodeJS.WriteStream): (line: string) => void {
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    closed = true;
  });
  return (line) => void (closed || stream.write(`${line}\n`));
}

export const processIo: Io = {
  out: writer(process.stdout),
  err: writer(process.stderr),
};
