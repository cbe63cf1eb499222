/** A License API error answer: `{status, code, message}` with the same HTTP status. */
export interface ApiFailure {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export function failure(status: number, code: string, message: string): ApiFailure {
  return { status, code, message };
}

export function isFailure(value: unknown): value is ApiFailure {
  return (
    typeof value === "object" && value !== null && "code" in value && "status" in value && "message" in value
  );
}
