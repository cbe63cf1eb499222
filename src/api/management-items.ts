import type { VariableValue } from "../variables/variable-args.js";
import { invalidResponse } from "./management.js";

/**
 * Reading the items of Management API listings (devices, licenses, device variables): each an object, IDs
 * numbers (or numeric strings, liberally), variables a name with a string, number or boolean value. A listing
 * that breaks these is an invalid response, named by where the item stands (`devices[3].id`).
 */
export function itemObject(item: unknown, where: string): Record<string, unknown> {
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    throw invalidResponse(`${where} is not an object`);
  }
  return item as Record<string, unknown>;
}

/** A numeric ID, or a string of digits; undefined for anything else. */
export function numericId(value: unknown): number | undefined {
  const id = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof id === "number" && Number.isSafeInteger(id) ? id : undefined;
}

export function requiredId(value: unknown, where: string): number {
  const id = numericId(value);
  if (id === undefined) throw invalidResponse(`${where} is not a numeric ID`);
  return id;
}

/** A reference to another item (`license`, `device`): its ID, or an expanded `{id, …}`. */
export function idRef(value: unknown): number | undefined {
  return numericId(typeof value === "object" && value !== null ? (value as { id?: unknown }).id : value);
}

/** `{variable, value}` of a variable item: a name, and a string, number or boolean value. */
export function variableItem(
  fields: Record<string, unknown>,
  where: string,
): { readonly variable: string; readonly value: VariableValue } {
  const { variable, value } = fields;
  if (typeof variable !== "string") throw invalidResponse(`${where} has no "variable" name`);
  const finite = typeof value !== "number" || Number.isFinite(value);
  if ((typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") || !finite) {
    throw invalidResponse(`${where} ("${variable}") has a value that is not a string, number or boolean`);
  }
  return { variable, value };
}
