// The API, with the session cookie the sign-in set (never a token in the page).

/** An answer other than 2xx: its status and problem+json body. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

/**
 * Calls the API; JSON out, and JSON in unless `type` names the body's media type (a
 * file sent as it is). `ifMatch`: the version a change is based on.
 */
export async function api(method, path, body, { ifMatch, type } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = type || "application/json";
  if (ifMatch !== undefined && ifMatch !== null) headers["If-Match"] = `"${ifMatch}"`;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined || type ? body : JSON.stringify(body),
    credentials: "same-origin",
  });
  if (response.status === 204) return null;
  const answered = response.headers.get("Content-Type") || "";
  const data = answered.includes("json") ? await response.json() : await response.text();
  if (!response.ok) throw new ApiError(response.status, typeof data === "object" ? data : { detail: data });
  return data;
}

/** Path segment, escaped. */
export const seg = (s) => encodeURIComponent(s);
