// The plain-text and HTML frame shared by every mail: greeting, paragraphs, one call-to-action link,
// and the footer with the unsubscribe link. Every value put into HTML is escaped.

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface MailParts {
  subject: string;
  paragraphs: string[];
  link: { label: string; url: string };
  /** Further links after the main one (a resolution's "non è risolto?" and "com'è andata?"). */
  moreLinks?: { label: string; url: string }[];
  footer: string[];
  unsubscribe?: { label: string; url: string };
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function renderMail(parts: MailParts): MailContent {
  const text = [
    ...parts.paragraphs,
    `${parts.link.label}: ${parts.link.url}`,
    ...(parts.moreLinks ?? []).map((l) => `${l.label}: ${l.url}`),
    '',
    '-- ',
    ...parts.footer,
    ...(parts.unsubscribe ? [`${parts.unsubscribe.label}: ${parts.unsubscribe.url}`] : []),
  ].join('\n\n');
  const p = (s: string) =>
    `<p style="margin:0 0 12px">${escapeHtml(s).replaceAll('\n', '<br>')}</p>`;
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(parts.subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#1a1a1a;max-width:600px;margin:0 auto;padding:16px">
${parts.paragraphs.map(p).join('\n')}
<p style="margin:20px 0"><a href="${escapeHtml(parts.link.url)}" style="background:#0b5cad;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none">${escapeHtml(parts.link.label)}</a></p>
${(parts.moreLinks ?? []).map((l) => `<p style="margin:0 0 12px"><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></p>`).join('\n')}
<hr style="border:none;border-top:1px solid #ddd">
<div style="font-size:12px;color:#555">${parts.footer.map(p).join('\n')}${
    parts.unsubscribe
      ? `<p><a href="${escapeHtml(parts.unsubscribe.url)}">${escapeHtml(parts.unsubscribe.label)}</a></p>`
      : ''
  }</div>
</body></html>`;
  return { subject: parts.subject, text, html };
}
