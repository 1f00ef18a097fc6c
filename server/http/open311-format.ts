// Open311 answers as JSON or as XML with the spec's element names: a list of requests is
// <service_requests><request>…, of services <services><service>…, errors <errors><error>….
export type Open311Format = 'json' | 'xml';

export function parseFormat(value: string): Open311Format | undefined {
  return value === 'json' || value === 'xml' ? value : undefined;
}

export const CONTENT_TYPE: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The element of each item of a list, by the list's element (the spec's names). */
const ITEM: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text for XML: escaped, and without the control characters XML 1.0 cannot carry. */
function text(value: string): string {
  return (
    value
      // eslint-disable-next-line no-control-regex -- removing the control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[&<>"']/g, (c) => XML_ESCAPES[c])
  );
}

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    let inner = '';
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) inner += element(k, v);
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${text(String(value))}</${name}>`;
}

/** The whole document: `root` holds `body` (a list under its list element, or an object's fields). */
export function toXml(root: string, body: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, body)}\n`;
}

export function render(format: Open311Format, root: string, body: unknown): string {
  return format === 'json' ? JSON.stringify(body) : toXml(root, body);
}
