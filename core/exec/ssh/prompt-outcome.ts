// How a question to the commander can end other than with an answer. A prompt function throws
// these so the connection can say why it failed: nobody answered in time (the step fails with
// that reason, not a bare timeout), or the question was withdrawn because its attempt ended.

/** Nobody answered within the question's own deadline; the message says which question, for which host. */
export class PromptUnanswered extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromptUnanswered';
  }
}

/** The attempt the question was for has ended (timeout, cancel, failure, engine shutdown). */
export class PromptWithdrawn extends Error {
  constructor(message = 'the question was withdrawn: the step it was for has ended') {
    super(message);
    this.name = 'PromptWithdrawn';
  }
}
