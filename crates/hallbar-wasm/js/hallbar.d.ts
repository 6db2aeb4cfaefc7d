// Types of the hallbar JavaScript package; the shapes follow hallbar's JSON Schemas
// (schemas/fynd.schema.json for findings).

export type Document = string | Record<string, unknown>;
export type Format = "toml" | "json";
export type Lang = "sv" | "en";
export type Kind =
  | "malkonflikt"
  | "intressekonflikt"
  | "synergi"
  | "kunskapslucka"
  | "saknad_intressent"
  | "ofullstandig"
  | "uppfoljning";

export interface Evidence {
  pointer: string;
  text: string;
}

export interface Suggestions {
  nycklar?: string[];
  atgarder?: string[];
  indikatorer?: string[];
}

export interface Finding {
  kind: Kind;
  severity: "info" | "varning" | "allvarlig";
  goals: string[];
  source: "rule" | "graph" | "method" | "followup";
  /** The most specific rule that supports the finding: the first of `rules`. */
  rule?: string;
  rules: string[];
  title: string;
  explanation: string;
  evidence: Evidence[];
  paths?: string[][];
  sources?: string[];
  suggestions?: Suggestions;
}

export interface Problem {
  source: string;
  level: "error" | "warning";
  pointer: string;
  message: string;
  help?: string;
  line?: number;
  column?: number;
}

export interface Assessment {
  insats: string;
  findings: Finding[];
  warnings: Problem[];
  status: Record<string, unknown>;
  suggested: Array<Record<string, unknown>>;
}

export interface Validation {
  valid: boolean;
  problems: Problem[];
}

export interface DocumentOptions {
  format?: Format;
  lang?: Lang;
}

export declare class HallbarError extends Error {
  kind: "request" | "document" | "load" | "internal";
  problems: Problem[];
}

export type File = [name: string, text: string];

export interface EngineOptions {
  goals?: File[];
  /** Rule layers on the standard set, in order. */
  rules?: File[];
  /** Leave the standard rule set out: the layers are the whole set. */
  replaceStandardRules?: boolean;
  /** Interaction files layered on the standard interactions (or the matrix): one, or a list in order. Each pair replaces the one below; a score of 0 removes it. */
  interactions?: File | File[];
  /** Leave the standard interactions out: only the files given apply. */
  replaceStandardInteractions?: boolean;
  /** A cross-impact matrix: CSV as text, or an Excel workbook (.xlsx) as its bytes. */
  matrix?: [name: string, content: string | Uint8Array | ArrayBuffer];
  noGraph?: boolean;
  profiles?: File[];
}

export declare class Engine {
  constructor(options?: EngineOptions);
  assess(document: Document, options?: DocumentOptions): Assessment;
  validate(document: Document, options?: { format?: Format }): Validation;
  report(document: Document, options?: DocumentOptions & { output?: "html" | "md" | "text" }): string;
  portfolio(documents: Iterable<Document>, options?: { format?: Format; top?: number }): Record<string, unknown>;
}

export interface Hallbar {
  Engine: typeof Engine;
  HallbarError: typeof HallbarError;
  assess(document: Document, options?: DocumentOptions): Assessment;
  validate(document: Document, options?: { format?: Format }): Validation;
  report(document: Document, options?: DocumentOptions & { output?: "html" | "md" | "text" }): string;
  portfolio(documents: Iterable<Document>, options?: { format?: Format; top?: number }): Record<string, unknown>;
}

/** Loads the WebAssembly module (once) and returns the API. */
export declare function load(source?: string | URL | Response | BufferSource): Promise<Hallbar>;
