//! Small helpers that keep L1 property literals short: the generated types wrap every
//! optional property in `Option<Value<_>>` and every list item in `Value<_>`.

use constructs_core::{Expr, Value};

/// An optional property set to `v`.
pub fn some<T>(v: impl Into<Value<T>>) -> Option<Value<T>> {
    Some(v.into())
}

/// A literal list property.
pub fn list<T>(items: impl IntoIterator<Item = T>) -> Value<Vec<Value<T>>> {
    Value::Literal(items.into_iter().map(Value::Literal).collect())
}

/// A literal list of strings.
pub fn strings<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Value<Vec<Value<String>>> {
    list(items.into_iter().map(|s| s.as_ref().to_owned()))
}

/// A JSON document property (policy documents, event patterns, parameter maps).
pub fn json(doc: Expr) -> Option<Value<Expr>> {
    Some(Value::Literal(doc))
}
