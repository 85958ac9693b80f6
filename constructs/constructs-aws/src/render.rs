//! Helpers the generated `ToCfn` impls call: set properties only, sets sorted.

use constructs_core::{RenderCx, ToCfn};

/// A resource's or property type's rendered properties.
pub(crate) type Props = serde_json::Map<String, serde_json::Value>;

/// Renders a required property.
pub(crate) fn put(m: &mut Props, key: &str, value: &dyn ToCfn, cx: &mut dyn RenderCx) {
    m.insert(key.to_owned(), value.to_cfn(cx));
}

/// Renders an optional property if it is set.
pub(crate) fn put_opt<T: ToCfn>(
    m: &mut Props,
    key: &str,
    value: Option<&T>,
    cx: &mut dyn RenderCx,
) {
    if let Some(v) = value {
        put(m, key, v, cx);
    }
}

/// Renders a required set (`insertionOrder: false`): sorted, so the template does not
/// change when the order the elements were added in does.
pub(crate) fn put_set(m: &mut Props, key: &str, value: &dyn ToCfn, cx: &mut dyn RenderCx) {
    let mut v = value.to_cfn(cx);
    sort_array(&mut v);
    m.insert(key.to_owned(), v);
}

/// Renders an optional set if it is set.
pub(crate) fn put_opt_set<T: ToCfn>(
    m: &mut Props,
    key: &str,
    value: Option<&T>,
    cx: &mut dyn RenderCx,
) {
    if let Some(v) = value {
        put_set(m, key, v, cx);
    }
}

/// Sorts a rendered JSON array by each element's JSON text (objects' keys are sorted, so
/// the text is canonical). An intrinsic in place of the whole list is left alone.
pub(crate) fn sort_array(v: &mut serde_json::Value) {
    if let serde_json::Value::Array(items) = v {
        items.sort_by_cached_key(|item| item.to_string());
    }
}
