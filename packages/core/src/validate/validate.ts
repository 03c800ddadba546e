import * as E from 'fp-ts/Either';
import { ScError, scError } from '../errors/sc-error';
import { ScCodes } from '../errors/codes';
import { FieldRule, ObjectRules, invalidValueText, ruleText, satisfies } from './rule';

/** SC's detail text: `field 'MicroService.AppId' invalid value 'x y' does not match rule: {...}`. */
export function invalidFieldDetail(goType: string, rule: FieldRule, value: unknown): string {
  return `field '${goType}.${rule.goName}' invalid value '${invalidValueText(rule.kind, value, rule.rule)}' does not match rule: ${ruleText(rule.rule)}`;
}

/** Check one value against one field rule; 400001 naming the field on failure. */
export function validateField(goType: string, rule: FieldRule, value: unknown): E.Either<ScError, void> {
  return satisfies(rule.kind, value, rule.rule)
    ? E.right(undefined)
    : E.left(scError(ScCodes.InvalidParams, invalidFieldDetail(goType, rule, value)));
}

/** Check an object against its rules, first failure wins (SC checks in Go struct order). */
export function validateObject(rules: ObjectRules, value: Readonly<Record<string, unknown>>): E.Either<ScError, void> {
  for (const f of rules.fields) {
    const r = validateField(rules.goType, f, value[f.field]);
    if (E.isLeft(r)) return r;
  }
  for (const n of rules.nested ?? []) {
    const sub = value[n.field];
    if (sub === undefined || sub === null) continue;
    const items = n.array ? (Array.isArray(sub) ? sub : []) : [sub];
    for (const item of items) {
      if (!item || typeof item !== 'object') continue;
      const r = validateObject(n.rules, item as Record<string, unknown>);
      if (E.isLeft(r)) return r;
    }
  }
  return E.right(undefined);
}
