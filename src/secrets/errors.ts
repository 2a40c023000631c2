// Errors name the secret's path, never its value.

export class SecretNotFound extends Error {
  override name = 'SecretNotFound';
  constructor(readonly path: string) {
    super(`secret ${path} does not exist`);
  }
}

export class SecretAlreadyExists extends Error {
  override name = 'SecretAlreadyExists';
  constructor(readonly path: string) {
    super(`secret ${path} already exists: use updateSecret to change its value`);
  }
}

/** The secret was sealed with another key than this gateway's: every gateway of a cluster needs the same key file. */
export class SecretKeyMismatch extends Error {
  override name = 'SecretKeyMismatch';
  constructor(
    readonly path: string,
    keyFile: string,
  ) {
    super(`secret ${path} was sealed with another key than this gateway's (${keyFile}): give every gateway the same key file`);
  }
}
