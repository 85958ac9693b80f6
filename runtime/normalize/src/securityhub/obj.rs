//! A JSON object whose members are taken out one by one as they get mapped; what is left
//! goes to `unmapped` verbatim. Shared by the JSON sources of the hosts helper (Security
//! Hub, Health, Suricata).
//!
//! Members stay raw (`&RawValue`, borrowed from the record) until taken, so a record is
//! parsed once and nothing unrecognised is lost or re-encoded.

use ocsf::objects::{Fields, Json};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::{Borrow, Cow};
use std::collections::BTreeMap;

/// The members of a JSON object, in key order (deterministic output).
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub(crate) struct Obj<'a>(#[serde(borrow)] pub BTreeMap<Key<'a>, &'a RawValue>);

/// A member name, borrowed from the record unless it has escapes (one allocation less
/// per member than a `String` key).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(transparent)]
pub(crate) struct Key<'a>(#[serde(borrow)] pub Cow<'a, str>);

impl Borrow<str> for Key<'_> {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// Error text of a member that has the wrong type.
pub(crate) fn type_error(key: &str, e: serde_json::Error) -> String {
    format!("field {key:?} has an unexpected type: {e}")
}

impl<'a> Obj<'a> {
    /// Parse `bytes` as a JSON object.
    pub fn parse(bytes: &'a [u8]) -> Result<Obj<'a>, String> {
        let raw: &'a RawValue = serde_json::from_slice(bytes).map_err(|e| format!("invalid JSON: {e}"))?;
        Obj::from_raw(raw).ok_or_else(|| "JSON value is not an object".to_owned())
    }

    /// The object a raw value holds, `None` when it is not an object.
    pub fn from_raw(raw: &'a RawValue) -> Option<Obj<'a>> {
        if !raw.get().trim_start().starts_with('{') {
            return None;
        }
        serde_json::from_str(raw.get()).ok()
    }

    /// Take member `key` as a `T`; absent or `null` is `Ok(None)`, a wrong type an error.
    pub fn take<T: Deserialize<'a>>(&mut self, key: &str) -> Result<Option<T>, String> {
        match self.0.remove(key) {
            None => Ok(None),
            Some(raw) if raw.get() == "null" => Ok(None),
            Some(raw) => serde_json::from_str(raw.get()).map(Some).map_err(|e| type_error(key, e)),
        }
    }

    /// Take member `key` as text: a string (borrowed when unescaped) or a number's digits.
    /// Empty strings are absent. Other types stay in the object (and so in `unmapped`).
    pub fn text(&mut self, key: &str) -> Option<Cow<'a, str>> {
        let raw = *self.0.get(key)?;
        let s = raw.get();
        let value = if s.starts_with('"') {
            let v: Cow<'a, str> = serde_json::from_str::<Str<'a>>(s).ok()?.0;
            v
        } else if s.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
            Cow::Borrowed(s)
        } else if s == "null" {
            self.0.remove(key);
            return None;
        } else {
            return None;
        };
        self.0.remove(key);
        (!value.is_empty()).then_some(value)
    }

    /// Take member `key` as an integer (a JSON number or a string of digits).
    pub fn int(&mut self, key: &str) -> Option<i64> {
        let raw = *self.0.get(key)?;
        let s = raw.get().trim_matches('"');
        let v = s.parse::<i64>().ok()?;
        self.0.remove(key);
        Some(v)
    }

    /// Take member `key` as a nested object.
    pub fn obj(&mut self, key: &str) -> Option<Obj<'a>> {
        let raw = *self.0.get(key)?;
        let o = Obj::from_raw(raw)?;
        self.0.remove(key);
        Some(o)
    }

    /// Take member `key` raw.
    pub fn raw(&mut self, key: &str) -> Option<&'a RawValue> {
        self.0.remove(key)
    }

    /// Put a member (back) in.
    pub fn put(&mut self, key: impl Into<Cow<'a, str>>, raw: &'a RawValue) {
        self.0.insert(Key(key.into()), raw);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// What is left, as `unmapped` members under their own keys.
    pub fn into_unmapped(self, unmapped: &mut Fields<'a>) {
        for (k, v) in self.0 {
            unmapped.push(k.0, Json::Raw(v));
        }
    }

    /// What is left, as one JSON object (`None` when nothing is).
    pub fn into_json(self) -> Option<Json<'a>> {
        if self.0.is_empty() {
            return None;
        }
        let mut f = Fields::new();
        self.into_unmapped(&mut f);
        Some(Json::Object(f))
    }
}

/// A string that borrows from the input when it has no escapes.
#[derive(Deserialize)]
#[serde(transparent)]
pub(crate) struct Str<'a>(#[serde(borrow)] pub Cow<'a, str>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn take_members() {
        let mut o = Obj::parse(br#"{"a":"x","b":12,"c":{"d":true},"e":"","f":null,"g":[1]}"#).unwrap();
        assert_eq!(o.text("a").as_deref(), Some("x"));
        assert_eq!(o.int("b"), Some(12));
        let mut c = o.obj("c").unwrap();
        assert_eq!(c.take::<bool>("d"), Ok(Some(true)));
        assert_eq!(o.text("e"), None);
        assert_eq!(o.text("f"), None);
        assert_eq!(o.text("g"), None);
        assert_eq!(o.0.len(), 1);
        assert!(Obj::parse(b"[1]").is_err());
        assert!(Obj::parse(b"{").is_err());
    }
}
