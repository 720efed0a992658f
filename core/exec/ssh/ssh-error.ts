// Errors an SSH connection or command can end with; the message is what the commander reads.
export type SshFailure = 'connect' | 'host-key' | 'auth' | 'handshake' | 'timeout' | 'cancelled' | 'lost' | 'config';

export class SshError extends Error {
  constructor(
    readonly kind: SshFailure,
    message: string,
  ) {
    super(message);
    this.name = 'SshError';
  }
}

/** `connection refused` rather than `connect ECONNREFUSED 127.0.0.1:2201`. */
export function describeSocketError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is sshd running on that port?)';
    case 'ECONNRESET':
      return 'connection reset by peer';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'address cannot be resolved';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'EPIPE':
      return 'connection closed by the other side';
    default:
      return e.message;
  }
}
