// Log lines never carry an e-mail address: errors from SMTP servers and PostgreSQL (a unique
// violation's detail, say) often quote one.

const ADDRESS = /[^\s<>"'(),=]+@[^\s<>"'(),=]+/g;

export function redact(text: string): string {
  return text.replace(ADDRESS, '<address>');
}

/** What of an error may go to a log: its kind, code, message and stack, with addresses removed. */
export function loggableError(error: unknown): Record<string, string> {
  if (!(error instanceof Error)) return { message: redact(String(error)) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: redact(error.message),
    stack: redact(error.stack ?? ''),
  };
}
