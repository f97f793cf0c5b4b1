// Events: an involved object, in the event's own namespace (or an event in "default" about a
// cluster-scoped object such as a Node), and a type of Normal or Warning when set.
import { fieldErrors, type FieldError } from '../errors';
import type { Event } from '../types';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';

const EVENT_TYPES = ['Normal', 'Warning'];

export function validateEvent(ev: Event): FieldError[] {
  const errs = validateObjectMeta(ev.metadata, { namespaced: true, nameRule: 'dns1123Subdomain' });
  const obj = ev.involvedObject;
  if (!obj || typeof obj !== 'object') return [...errs, fieldErrors.required('involvedObject')];
  if (!obj.name) errs.push(fieldErrors.required('involvedObject.name'));
  if (!obj.kind) errs.push(fieldErrors.required('involvedObject.kind'));
  const ns = ev.metadata?.namespace ?? '';
  const objNs = obj.namespace ?? '';
  const agrees = objNs === '' ? ns === '' || ns === 'default' : ns === objNs;
  if (!agrees)
    errs.push(fieldErrors.invalid('involvedObject.namespace', objNs, 'does not match event.namespace'));
  if (ev.type !== undefined && ev.type !== '' && !EVENT_TYPES.includes(ev.type))
    errs.push(fieldErrors.notSupported('type', ev.type, EVENT_TYPES));
  return errs;
}

export function validateEventUpdate(ev: Event, old: Event): FieldError[] {
  return [...validateObjectMetaUpdate(ev.metadata, old.metadata), ...validateEvent(ev)];
}
