// JSON Schemas of Open311 GeoReport v2 answers, written from the specification
// (https://wiki.open311.org/GeoReport_v2, open311/open311.github.io): required fields, their types
// (ids and codes as strings, RFC 3339 date-times with an offset), and the element names the XML form uses.
import { Ajv } from 'ajv';
import formats from 'ajv-formats';

const ajv = new Ajv({ allErrors: true, strict: true });
// ajv-formats is CommonJS: its function is the module itself or its `default`, depending on the loader.
type AddFormats = (a: Ajv) => Ajv;
const addFormats =
  (formats as unknown as { default?: AddFormats }).default ?? (formats as unknown as AddFormats);
addFormats(ajv);
// RFC 3339 with an offset (Z or ±hh:mm): ajv's date-time accepts only this shape too; kept explicit.
ajv.addFormat('rfc3339', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/);

const nullableString = { type: ['string', 'null'] } as const;
const dateTime = { type: 'string', format: 'rfc3339' } as const;

export const DISCOVERY = {
  type: 'object',
  required: ['changeset', 'contact', 'key_service', 'endpoints'],
  additionalProperties: false,
  properties: {
    changeset: dateTime,
    contact: { type: 'string' },
    key_service: { type: 'string' },
    endpoints: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['specification', 'url', 'changeset', 'type', 'formats'],
        additionalProperties: false,
        properties: {
          specification: { const: 'http://wiki.open311.org/GeoReport_v2' },
          url: { type: 'string', format: 'uri' },
          changeset: dateTime,
          type: { enum: ['production', 'test'] },
          formats: { type: 'array', items: { enum: ['text/xml', 'application/json'] } },
        },
      },
    },
  },
} as const;

export const SERVICES = {
  type: 'array',
  items: {
    type: 'object',
    required: [
      'service_code',
      'service_name',
      'description',
      'metadata',
      'type',
      'keywords',
      'group',
    ],
    additionalProperties: false,
    properties: {
      service_code: { type: 'string', minLength: 1 },
      service_name: { type: 'string', minLength: 1 },
      description: { type: 'string' },
      metadata: { type: 'boolean' },
      type: { enum: ['realtime', 'batch', 'blackbox'] },
      keywords: { type: 'string' },
      group: { type: 'string' },
    },
  },
} as const;

export const SERVICE_DEFINITION = {
  type: 'object',
  required: ['service_code', 'attributes'],
  additionalProperties: false,
  properties: {
    service_code: { type: 'string' },
    attributes: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'variable',
          'code',
          'datatype',
          'required',
          'datatype_description',
          'order',
          'description',
        ],
        additionalProperties: false,
        properties: {
          variable: { type: 'boolean' },
          code: { type: 'string', minLength: 1 },
          datatype: {
            enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'],
          },
          required: { type: 'boolean' },
          datatype_description: { type: 'string' },
          order: { type: 'integer', minimum: 1 },
          description: { type: 'string' },
          values: {
            type: 'array',
            items: {
              type: 'object',
              required: ['key', 'name'],
              additionalProperties: false,
              properties: { key: { type: 'string' }, name: { type: 'string' } },
            },
          },
        },
      },
    },
  },
} as const;

export const REQUESTS = {
  type: 'array',
  items: {
    type: 'object',
    required: [
      'service_request_id',
      'status',
      'service_code',
      'service_name',
      'requested_datetime',
      'updated_datetime',
      'lat',
      'long',
    ],
    additionalProperties: false,
    properties: {
      service_request_id: { type: 'string', minLength: 1 },
      status: { enum: ['open', 'closed'] },
      status_notes: nullableString,
      service_name: { type: 'string' },
      service_code: { type: 'string' },
      description: nullableString,
      agency_responsible: nullableString,
      service_notice: nullableString,
      requested_datetime: dateTime,
      updated_datetime: dateTime,
      expected_datetime: { anyOf: [dateTime, { type: 'null' }] },
      address: nullableString,
      address_id: nullableString,
      zipcode: nullableString,
      lat: { type: 'number', minimum: -90, maximum: 90 },
      long: { type: 'number', minimum: -180, maximum: 180 },
      media_url: { anyOf: [{ type: 'string', format: 'uri' }, { type: 'null' }] },
    },
  },
} as const;

export const POST_ANSWER = {
  type: 'array',
  minItems: 1,
  maxItems: 1,
  items: {
    type: 'object',
    required: ['service_request_id', 'service_notice'],
    additionalProperties: false,
    properties: {
      service_request_id: { type: 'string', minLength: 1 },
      token: nullableString,
      service_notice: nullableString,
      account_id: nullableString,
    },
  },
} as const;

export const TOKEN_ANSWER = {
  type: 'array',
  items: {
    type: 'object',
    required: ['service_request_id', 'token'],
    additionalProperties: false,
    properties: { service_request_id: { type: 'string' }, token: { type: 'string' } },
  },
} as const;

export const ERRORS = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['code', 'description'],
    additionalProperties: false,
    properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } },
  },
} as const;

/** The schema's errors for `value` (an empty list: valid). */
export function schemaErrors(schema: object, value: unknown): string[] {
  const validate = ajv.compile(schema);
  return validate(value)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** A small XML reader for the answers (elements and text only, as Open311 uses): name, children, text. */
export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

export function parseXml(xml: string): XmlNode {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const root: XmlNode = { name: '#document', children: [], text: '' };
  const stack = [root];
  const token = /<(\/?)([A-Za-z_][\w.-]*)\s*(\/?)>|([^<]+)/g;
  for (const m of body.matchAll(token)) {
    const top = stack[stack.length - 1];
    if (m[4] !== undefined) {
      top.text += m[4]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&');
    } else if (m[1]) {
      if (stack.pop()?.name !== m[2]) throw new Error(`XML: unbalanced </${m[2]}>`);
    } else {
      const node: XmlNode = { name: m[2], children: [], text: '' };
      top.children.push(node);
      if (!m[3]) stack.push(node);
    }
  }
  if (stack.length !== 1 || root.children.length !== 1)
    throw new Error('XML: not one root element');
  return root.children[0];
}

/** The names of an element's children, each once, in order. */
export function childNames(node: XmlNode): string[] {
  return [...new Set(node.children.map((c) => c.name))];
}
