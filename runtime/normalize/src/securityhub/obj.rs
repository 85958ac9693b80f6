//! A JSON object whose members are taken out one by one as they get mapped; what is left
//! goes to `unmapped` verbatim. Shared by the JSON sources of the hosts helper (Security
//! Hub, Health, Suricata).
//!
//! Members stay raw (`&RawValue`, borrowed from the record) until taken, so a record is
//! parsed once and nothing unrecognised is lost or re-encoded.

use ocsf::objects::{Fields, Json};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// The members of a JSON object, sorted by key (deterministic output), each `None` once
/// taken. A sorted vector rather than a map: objects have a few dozen members at most,
/// and one sort costs less than a tree node per member.
#[derive(Debug, Default)]
pub(crate) struct Obj<'a>(Vec<(Key<'a>, Option<&'a RawValue>)>);

/// A member name, borrowed from the record unless it has escapes (one allocation less
/// per member than a `String` key).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(transparent)]
pub(crate) struct Key<'a>(#[serde(borrow)] pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Obj<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Members<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for Members<'a> {
            type Value = Obj<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Obj<'a>, A::Error> {
                let mut members = Vec::with_capacity(map.size_hint().unwrap_or(16));
                while let Some((k, v)) = map.next_entry::<Key<'a>, &'a RawValue>()? {
                    members.push((k, Some(v)));
                }
                // As a JSON map reads: a repeated key keeps its last value. (Reversed,
                // so the stable sort puts the last one first and `dedup` keeps it.)
                members.reverse();
                members.sort_by(|a, b| a.0.cmp(&b.0));
                members.dedup_by(|later, kept| later.0 == kept.0);
                Ok(Obj(members))
            }
        }
        d.deserialize_map(Members(std::marker::PhantomData))
    }
}

/// Error text of a member that has the wrong type.
pub(crate) fn type_error(key: &str, e: serde_json::Error) -> String {
    format!("field {key:?} has an unexpected type: {e}")
}

impl<'a> Obj<'a> {
    /// Parse `bytes` as a JSON object.
    pub fn parse(bytes: &'a [u8]) -> Result<Obj<'a>, String> {
        serde_json::from_slice(bytes).map_err(|_| {
            // Not an object: say whether it is JSON at all (the slow path, for rejects).
            match serde_json::from_slice::<&RawValue>(bytes) {
                Err(e) => format!("invalid JSON: {e}"),
                Ok(_) => "JSON value is not an object".to_owned(),
            }
        })
    }

    /// The object a raw value holds, `None` when it is not an object.
    pub fn from_raw(raw: &'a RawValue) -> Option<Obj<'a>> {
        if !raw.get().trim_start().starts_with('{') {
            return None;
        }
        serde_json::from_str(raw.get()).ok()
    }

    fn slot(&self, key: &str) -> Option<usize> {
        let i = self
            .0
            .binary_search_by(|(k, _)| k.0.as_ref().cmp(key))
            .ok()?;
        self.0[i].1.is_some().then_some(i)
    }

    /// Member `key`, raw, left in the object.
    pub fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.slot(key).and_then(|i| self.0[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.slot(key).is_some()
    }

    /// Take member `key` raw.
    pub fn remove(&mut self, key: &str) -> Option<&'a RawValue> {
        let i = self.slot(key)?;
        self.0[i].1.take()
    }

    /// Take member `key` as a `T`; absent or `null` is `Ok(None)`, a wrong type an error.
    pub fn take<T: Deserialize<'a>>(&mut self, key: &str) -> Result<Option<T>, String> {
        match self.remove(key) {
            None => Ok(None),
            Some(raw) if raw.get() == "null" => Ok(None),
            Some(raw) => serde_json::from_str(raw.get())
                .map(Some)
                .map_err(|e| type_error(key, e)),
        }
    }

    /// Take member `key` as text: a string (borrowed when unescaped) or a number's digits.
    /// Empty strings are absent. Other types stay in the object (and so in `unmapped`).
    pub fn text(&mut self, key: &str) -> Option<Cow<'a, str>> {
        let i = self.slot(key)?;
        let raw = self.0[i].1?;
        let s = raw.get();
        let value = if s.starts_with('"') {
            let v: Cow<'a, str> = serde_json::from_str::<Str<'a>>(s).ok()?.0;
            v
        } else if s.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
            Cow::Borrowed(s)
        } else if s == "null" {
            self.0[i].1 = None;
            return None;
        } else {
            return None;
        };
        self.0[i].1 = None;
        (!value.is_empty()).then_some(value)
    }

    /// Take member `key` as an integer (a JSON number or a string of digits).
    pub fn int(&mut self, key: &str) -> Option<i64> {
        let i = self.slot(key)?;
        let v = self.0[i].1?.get().trim_matches('"').parse::<i64>().ok()?;
        self.0[i].1 = None;
        Some(v)
    }

    /// Take member `key` as a nested object.
    pub fn obj(&mut self, key: &str) -> Option<Obj<'a>> {
        let i = self.slot(key)?;
        let o = Obj::from_raw(self.0[i].1?)?;
        self.0[i].1 = None;
        Some(o)
    }

    /// Take member `key` raw.
    pub fn raw(&mut self, key: &str) -> Option<&'a RawValue> {
        self.remove(key)
    }

    /// Put a member (back) in, replacing one of the same key.
    pub fn put(&mut self, key: impl Into<Cow<'a, str>>, raw: &'a RawValue) {
        let key = Key(key.into());
        match self.0.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(i) => self.0[i].1 = Some(raw),
            Err(i) => self.0.insert(i, (key, Some(raw))),
        }
    }

    /// Whether every member has been taken.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|(_, v)| v.is_none())
    }

    /// How many members are left.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.0.iter().filter(|(_, v)| v.is_some()).count()
    }

    /// What is left, as `unmapped` members under their own keys.
    pub fn into_unmapped(self, unmapped: &mut Fields<'a>) {
        for (k, v) in self.0 {
            if let Some(v) = v {
                unmapped.push(k.0, Json::Raw(v));
            }
        }
    }

    /// What is left, as one JSON object (`None` when nothing is).
    pub fn into_json(self) -> Option<Json<'a>> {
        if self.is_empty() {
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
        let mut o =
            Obj::parse(br#"{"a":"x","b":12,"c":{"d":true},"e":"","f":null,"g":[1]}"#).unwrap();
        assert_eq!(o.text("a").as_deref(), Some("x"));
        assert_eq!(o.int("b"), Some(12));
        let mut c = o.obj("c").unwrap();
        assert_eq!(c.take::<bool>("d"), Ok(Some(true)));
        assert_eq!(o.text("e"), None);
        assert_eq!(o.text("f"), None);
        assert_eq!(o.text("g"), None);
        assert_eq!(o.len(), 1);
        assert_eq!(
            Obj::parse(b"[1]").unwrap_err(),
            "JSON value is not an object"
        );
        // A repeated key keeps its last value, as in a JSON map.
        let mut d = Obj::parse(br#"{"k":1,"j":0,"k":2}"#).unwrap();
        assert_eq!(d.int("k"), Some(2));
        assert_eq!(d.len(), 1);
        assert!(Obj::parse(b"{").is_err());
    }
}
