/**
 * A span's attributes as its producer had them, before decoding. Attribute
 * values are JSON-encoded on the span (MLflow's convention); core's `Span`
 * holds them decoded, and a store would encode them again. A producer that
 * kept the encoded values passes them along in `LogSpansInput.encodings`,
 * and the store writes their text as it is.
 */
export interface SpanEncoding {
  /**
   * Every attribute value as set on the span: JSON text for the keys in
   * `jsonKeys`, the decoded value itself for the others. Any key may be left
   * out of the span's own (decoded) attributes, even all of them: the store
   * then reads it from here, decoding it if it is in `jsonKeys` and if it
   * needs it at all. That is how a producer skips parsing and copying them.
   */
  attributes: Readonly<Record<string, unknown>>;
  /** Keys whose value in `attributes` is the JSON text of the span's decoded attribute. */
  jsonKeys: readonly string[];
}
