// An integrator's client of the thidua API, written by hand against the types that openapi-typescript
// generates from openapi.json (`npm run generate`, into generated/, never committed) and called through
// openapi-fetch. It logs in, pages through the units, casts a ballot, reads a 422 and a 409 as problem
// details and downloads the campaign's XLSX summary; then prints one JSON line saying what it saw.
//
//   THIDUA_URL=http://127.0.0.1:8000 THIDUA_USERNAME=... THIDUA_PASSWORD=... \
//   THIDUA_SESSION_ID=... THIDUA_CANDIDATE_ID=... THIDUA_CAMPAIGN_ID=... THIDUA_SUMMARY_PATH=summary.xlsx \
//   node build/example.js
//
// tests/core/test_clients_typescript.py compiles it with `tsc --strict` and runs it against a live server.

import { writeFile } from "node:fs/promises";

import createClient, { type Client, type Middleware } from "openapi-fetch";

import type { components, paths } from "../generated/api.js";

type Problem = components["schemas"]["Problem"];
type ValidationProblem = components["schemas"]["ValidationProblem"];
type Unit = components["schemas"]["UnitRead"];
type Api = Client<paths>;

/** A problem-details answer the caller did not expect: its code and detail say what went wrong. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`${status} ${problem.code}: ${problem.detail}`);
    this.name = "ApiProblem";
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(`set ${name}`);
  }
  return value;
}

/** The server's own problem document, or one made up for an answer that is not one (a proxy's 502 page). */
function problemOf(error: Problem | undefined, response: Response): ApiProblem {
  const problem: Problem = error ?? {
    type: "about:blank",
    title: response.statusText,
    status: response.status,
    detail: `no problem document (${response.headers.get("Content-Type") ?? "no content type"})`,
    instance: new URL(response.url).pathname,
    code: "unexpected_response",
  };
  return new ApiProblem(response.status, problem);
}

/** The password grant (RFC 6749 §4.3): form-encoded, as the token endpoint requires. */
export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const anonymous = createClient<paths>({ baseUrl });
  const { data, error, response } = await anonymous.POST("/api/v1/auth/token", {
    body: { grant_type: "password", username, password },
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  if (data === undefined) {
    // The token endpoint answers errors the OAuth 2.0 way (RFC 6749 §5.2), other endpoints as problem details.
    if ("error" in error) {
      throw new Error(`login refused (${response.status} ${error.error}): ${error.error_description}`);
    }
    throw problemOf(error, response);
  }
  return data.access_token;
}

/** A client that sends the bearer token and asks for Vietnamese problem details. */
export function authorised(baseUrl: string, token: string): Api {
  const client = createClient<paths>({ baseUrl });
  const auth: Middleware = {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${token}`);
      request.headers.set("Accept-Language", "vi");
      return request;
    },
  };
  client.use(auth);
  return client;
}

/** Every unit, following `next_cursor` page by page. */
export async function allUnits(api: Api, pageSize: number): Promise<{ units: Unit[]; pages: number }> {
  const units: Unit[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: { limit: number; cursor?: string } = cursor === null ? { limit: pageSize } : { limit: pageSize, cursor };
    const { data, error, response } = await api.GET("/api/v1/units", { params: { query } });
    if (data === undefined) {
      throw problemOf(error, response);
    }
    units.push(...data.items);
    pages += 1;
    cursor = data.next_cursor;
  } while (cursor !== null);
  return { units, pages };
}

/** A 422 read as what it is: the fields at fault, each with its message. */
function validationErrors(problem: Problem | ValidationProblem): { loc: string; msg: string }[] {
  return (problem.errors ?? []).map((e) => ({ loc: e.loc.join("."), msg: e.msg }));
}

type BallotOutcome =
  | { outcome: "counted"; receipt: string }
  | { outcome: "invalid"; code: string; detail: string; errors: { loc: string; msg: string }[] }
  | { outcome: "refused"; status: number; code: string; detail: string };

/** Casts a ballot; a 422 (a bad choice) and a 409 (already voted, session not open) are answers, not crashes. */
export async function castBallot(api: Api, sessionId: string, choices: string[]): Promise<BallotOutcome> {
  const { data, error, response } = await api.POST("/api/v1/voting-sessions/{session_id}/ballots", {
    params: { path: { session_id: sessionId } },
    body: { choices },
  });
  if (data !== undefined) {
    return { outcome: "counted", receipt: data.receipt };
  }
  if (response.status === 422) {
    return { outcome: "invalid", code: error.code, detail: error.detail, errors: validationErrors(error) };
  }
  if (response.status === 409) {
    return { outcome: "refused", status: response.status, code: error.code, detail: error.detail };
  }
  throw problemOf(error, response);
}

/** The campaign's year summary as an XLSX workbook, with the file name the server proposes. */
export async function summaryWorkbook(
  api: Api,
  campaignId: string,
): Promise<{ bytes: Uint8Array; contentType: string; disposition: string }> {
  const { data, error, response } = await api.GET("/api/v1/campaigns/{campaign_id}/summary", {
    params: { path: { campaign_id: campaignId }, query: { format: "xlsx" } },
    parseAs: "arrayBuffer",
  });
  if (data === undefined) {
    throw problemOf(error, response);
  }
  return {
    bytes: new Uint8Array(data),
    contentType: response.headers.get("Content-Type") ?? "",
    disposition: response.headers.get("Content-Disposition") ?? "",
  };
}

async function main(): Promise<void> {
  const baseUrl = required("THIDUA_URL");
  const sessionId = required("THIDUA_SESSION_ID");
  const candidate = required("THIDUA_CANDIDATE_ID");

  const token = await login(baseUrl, required("THIDUA_USERNAME"), required("THIDUA_PASSWORD"));
  const api = authorised(baseUrl, token);

  const { units, pages } = await allUnits(api, 2);
  // A candidate twice is a 422 problem; the same valid ballot twice is a 409 the second time.
  const invalid = await castBallot(api, sessionId, [candidate, candidate]);
  const counted = await castBallot(api, sessionId, [candidate]);
  const again = await castBallot(api, sessionId, [candidate]);
  const summary = await summaryWorkbook(api, required("THIDUA_CAMPAIGN_ID"));
  await writeFile(required("THIDUA_SUMMARY_PATH"), summary.bytes);

  console.log(
    JSON.stringify({
      units: units.map((u) => u.code),
      pages,
      ballots: [invalid, counted, again],
      summary: { bytes: summary.bytes.length, contentType: summary.contentType, disposition: summary.disposition },
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
