//! A compact JSON serializer into a `Vec<u8>` that writes exactly what
//! `serde_json::to_writer` writes, with a faster string escaper.
//!
//! Why: events are mostly strings, and serde_json escapes them one byte at a time (a
//! table lookup per byte); [`write_json_str`] tests eight bytes at a time. Everything
//! that is not a string (numbers, raw JSON) is written by serde_json itself, so the
//! output stays byte-identical (the golden snapshots check it).

use crate::out::write_json_str;
use serde::ser::{self, Serialize};
use serde_json::Error;

/// serde_json's marker for a `RawValue` (serialized as a one-field struct of this name).
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// Append `value` to `out` as compact JSON.
pub fn to_vec<T: ?Sized + Serialize>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    value.serialize(Ser { out })
}

struct Ser<'a> {
    out: &'a mut Vec<u8>,
}

impl Ser<'_> {
    /// Scalars other than strings: written by serde_json, for identical output.
    fn scalar<T: Serialize>(self, v: T) -> Result<(), Error> {
        serde_json::to_writer(&mut *self.out, &v)
    }

    /// `{"variant":` for the externally tagged enum forms.
    fn open_variant(&mut self, variant: &str) {
        self.out.push(b'{');
        write_json_str(self.out, variant);
        self.out.push(b':');
    }
}

/// An array, object or `RawValue` being written.
struct Compound<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    /// What closes it: `]`, `}`, `]}` or `}}` (the last two for enum variants).
    close: &'static [u8],
    raw: bool,
}

impl<'a> Compound<'a> {
    fn open(out: &'a mut Vec<u8>, open: u8, close: &'static [u8]) -> Self {
        out.push(open);
        Compound { out, first: true, close, raw: false }
    }

    fn comma(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(Ser { out: self.out })
    }

    fn field<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        if self.raw {
            return value.serialize(RawEmitter { out: self.out });
        }
        self.comma();
        write_json_str(self.out, key);
        self.out.push(b':');
        value.serialize(Ser { out: self.out })
    }

    fn finish(self) -> Result<(), Error> {
        self.out.extend_from_slice(self.close);
        Ok(())
    }
}

impl<'a> ser::Serializer for Ser<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.scalar(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.scalar(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_json_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_json_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.scalar(v)
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.open_variant(variant);
        value.serialize(Ser { out: &mut *self.out })?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(self.out, b'[', b"]"))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Error> {
        self.open_variant(variant);
        Ok(Compound::open(self.out, b'[', b"]}"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(self.out, b'{', b"}"))
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        if name == RAW_VALUE_TOKEN {
            return Ok(Compound { out: self.out, first: true, close: b"", raw: true });
        }
        Ok(Compound::open(self.out, b'{', b"}"))
    }
    fn serialize_struct_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Error> {
        self.open_variant(variant);
        Ok(Compound::open(self.out, b'{', b"}}"))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        key_to_vec(self.out, key)?;
        self.out.push(b':');
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(Ser { out: self.out })
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

/// A map key, written like serde_json writes it: a string as is (the OCSF case), a
/// number or bool quoted, anything else refused.
fn key_to_vec<T: ?Sized + Serialize>(out: &mut Vec<u8>, key: &T) -> Result<(), Error> {
    let at = out.len();
    key.serialize(Ser { out: &mut *out })?;
    match out.get(at) {
        Some(b'"') => Ok(()),
        Some(b'-' | b'0'..=b'9' | b't' | b'f') => {
            out.insert(at, b'"');
            out.push(b'"');
            Ok(())
        }
        _ => {
            out.truncate(at);
            Err(ser::Error::custom("key must be a string"))
        }
    }
}

/// A `RawValue`'s text, written verbatim (serde_json checked it when it was parsed).
struct RawEmitter<'a> {
    out: &'a mut Vec<u8>,
}

fn not_raw() -> Error {
    ser::Error::custom("a RawValue holds a string")
}

/// The serializer methods a `RawValue` never calls.
macro_rules! refuse {
    ($($name:ident($($arg:ty),*) -> $ret:ty;)*) => {
        $(fn $name(self, $(_: $arg),*) -> Result<$ret, Error> { Err(not_raw()) })*
    };
}

impl ser::Serializer for RawEmitter<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.out.extend_from_slice(v.as_bytes());
        Ok(())
    }

    refuse! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, _: &T) -> Result<(), Error> {
        Err(not_raw())
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Err(not_raw())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, value::RawValue};

    fn same<T: serde::Serialize>(v: &T) {
        let mut out = Vec::new();
        super::to_vec(&mut out, v).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(v).unwrap());
    }

    #[derive(serde::Serialize)]
    enum E {
        Unit,
        New(u8),
        Tuple(i8, String),
        Struct { a: f64, b: Option<bool> },
    }

    #[derive(serde::Serialize)]
    struct Inner {
        raw: Box<RawValue>,
        n: i64,
    }

    #[derive(serde::Serialize)]
    struct Outer {
        #[serde(flatten)]
        inner: Inner,
        s: &'static str,
        e: Vec<E>,
        t: (u128, i128, char),
        bytes: &'static [u8],
    }

    #[test]
    fn output_matches_serde_json() {
        same(&json!({"a": [1, -2, 3.5, 1e300, null, true, "x\"\\\n\u{1}é"], "": {}, "b": []}));
        same(&f64::NAN);
        same(&Outer {
            inner: Inner { raw: RawValue::from_string(r#"{"k": [1,2]}"#.into()).unwrap(), n: i64::MIN },
            s: "tab\there",
            e: vec![E::Unit, E::New(7), E::Tuple(-1, "t".into()), E::Struct { a: 0.1, b: None }],
            t: (u128::MAX, i128::MIN, '"'),
            bytes: b"\x00\xff",
        });
        let mut keys = std::collections::BTreeMap::new();
        keys.insert(-5i32, "neg");
        keys.insert(10, "ten");
        same(&keys);
        let mut bools = std::collections::BTreeMap::new();
        bools.insert(true, 1);
        same(&bools);
    }

    #[test]
    fn container_keys_are_refused() {
        let mut m = std::collections::BTreeMap::new();
        m.insert(vec![1], 1);
        assert!(super::to_vec(&mut Vec::new(), &m).is_err());
        assert!(serde_json::to_string(&m).is_err());
    }
}
