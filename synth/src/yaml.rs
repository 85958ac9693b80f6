//! The workspace's one YAML module (architecture invariant 2: only `synth` reads YAML).
//!
//! Deserialization uses `serde_norway`, the maintained drop-in fork of the deprecated
//! `serde_yaml`; its errors carry the line, column and field path of the bad value.
//! Problems found after deserialization (cross-field checks of the environment model)
//! only know a field path; [`locate`] finds that path's line and column with `yaml-rust2`'s
//! event parser, which reports positions.

use std::collections::HashMap;
use std::fmt;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A YAML or deserialization error at a position of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The problem, starting with the field path when there is one
    /// (`central.account_id: ...`).
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// Deserializes one YAML document.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_norway::from_str(text).map_err(|e| {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        let mut message = e.to_string();
        // The position is reported apart; drop serde_norway's copy of it from the text.
        let at = format!(" at line {line} column {column}");
        if let Some(i) = message.find(&at) {
            message.replace_range(i..i + at.len(), "");
        }
        // serde reports a repeated key where its mapping ends, often 1:1; point at the
        // repetition instead.
        let (line, column) = match duplicate_field(&message) {
            Some(path) if (line, column) == (1, 1) => locate(text, &path),
            _ => (line, column),
        };
        if char_at(text, line, column) == Some('\t') {
            message.push_str(" (a tab: YAML indents with spaces only)");
        }
        YamlError {
            line,
            column,
            message,
        }
    })
}

/// The character at a 1-based line and column.
fn char_at(text: &str, line: usize, column: usize) -> Option<char> {
    text.lines()
        .nth(line.checked_sub(1)?)?
        .chars()
        .nth(column.checked_sub(1)?)
}

/// "a.b: duplicate field `c`" -> `a.b.c`.
fn duplicate_field(message: &str) -> Option<String> {
    let (parent, rest) = match message.split_once(": duplicate field `") {
        Some((parent, rest)) => (parent, rest),
        None => ("", message.strip_prefix("duplicate field `")?),
    };
    let key = rest.strip_suffix('`')?;
    Some(join(parent, key))
}

/// The 1-based line and column of the node at `path` (`lake.expiration_days`,
/// `organization.collector.regions[1]`): the value of a scalar, the key of a mapping entry
/// whose value is a container. When the path is absent, the position of its deepest
/// present ancestor; `(1, 1)` when nothing matches.
pub fn locate(text: &str, path: &str) -> (usize, usize) {
    let index = PathIndex::of(text);
    let mut path = path;
    loop {
        if let Some(&pos) = index.found.get(path) {
            return pos;
        }
        match parent(path) {
            Some(p) => path = p,
            None => return (1, 1),
        }
    }
}

/// An unquoted (plain) scalar value of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainScalar {
    /// Field path (`central.account_id`).
    pub path: String,
    /// 1-based line and column.
    pub position: (usize, usize),
    /// The text as written.
    pub text: String,
}

/// Every unquoted scalar value (not keys), in document order. Some checks need to know what
/// was quoted: `012345678901` unquoted is a number to most YAML readers, whatever
/// serde_norway makes of it.
pub fn plain_scalars(text: &str) -> Vec<PlainScalar> {
    PathIndex::of(text).plain
}

/// `a.b[2]` -> `a.b` -> `a` -> None.
fn parent(path: &str) -> Option<&str> {
    let cut = path.rfind(['.', '['])?;
    Some(&path[..cut])
}

/// Positions of every node of a document, by path.
#[derive(Default)]
struct PathIndex {
    stack: Vec<Frame>,
    /// The last node at each path (a repeated key points at its repetition).
    found: HashMap<String, (usize, usize)>,
    plain: Vec<PlainScalar>,
}

struct Frame {
    path: String,
    kind: Kind,
}

enum Kind {
    /// In a mapping: `None` while the next node is a key, else the key of the next value.
    Map(Option<String>),
    /// In a sequence: the index of the next element.
    Seq(usize),
}

/// What a node is within its parent.
enum Role {
    Key,
    Value(String),
}

impl PathIndex {
    fn of(text: &str) -> PathIndex {
        let mut index = PathIndex::default();
        // A syntax error only ends the index early: whatever was seen is still useful.
        let _ = Parser::new_from_str(text).load(&mut index, false);
        index
    }

    fn role(&mut self) -> Role {
        match self.stack.last_mut() {
            None => Role::Value(String::new()),
            Some(Frame {
                path,
                kind: Kind::Map(key),
            }) => match key.take() {
                None => Role::Key,
                Some(k) => Role::Value(join(path, &k)),
            },
            Some(Frame {
                path,
                kind: Kind::Seq(next),
            }) => {
                let p = format!("{path}[{next}]");
                *next += 1;
                Role::Value(p)
            }
        }
    }

    fn set_key(&mut self, key: String, mark: Marker) {
        if let Some(Frame {
            path,
            kind: Kind::Map(slot),
        }) = self.stack.last_mut()
        {
            self.found
                .insert(join(path, &key), (mark.line(), mark.col() + 1));
            *slot = Some(key);
        }
    }

    fn open(&mut self, kind: Kind) {
        let path = match self.role() {
            Role::Value(p) => p,
            // A mapping or sequence used as a key: nothing addresses into it.
            Role::Key => {
                if let Some(Frame {
                    kind: Kind::Map(slot),
                    ..
                }) = self.stack.last_mut()
                {
                    *slot = Some("?".to_owned());
                }
                "?".to_owned()
            }
        };
        self.stack.push(Frame { path, kind });
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

impl MarkedEventReceiver for PathIndex {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, style, ..) => match self.role() {
                Role::Key => self.set_key(value, mark),
                Role::Value(path) => {
                    let position = (mark.line(), mark.col() + 1);
                    if style == TScalarStyle::Plain {
                        self.plain.push(PlainScalar {
                            path: path.clone(),
                            position,
                            text: value,
                        });
                    }
                    self.found.insert(path, position);
                }
            },
            Event::Alias(_) => match self.role() {
                Role::Key => self.set_key("*".to_owned(), mark),
                Role::Value(p) => {
                    self.found.insert(p, (mark.line(), mark.col() + 1));
                }
            },
            Event::MappingStart(..) => self.open(Kind::Map(None)),
            Event::SequenceStart(..) => self.open(Kind::Seq(0)),
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
name: x
lake:
  expiration_days: 60
organization:
  collector:
    regions:
      - eu-west-1
      - eu-west-1
    organizational_units: [ou-ab12-cd34ef56, r-ab12]
tags: {team: sec, \"a.b\": c}
";

    #[test]
    fn locates_scalars_containers_and_list_items() {
        assert_eq!(locate(DOC, "name"), (1, 7));
        assert_eq!(locate(DOC, "lake.expiration_days"), (3, 20));
        assert_eq!(locate(DOC, "lake"), (2, 1));
        assert_eq!(locate(DOC, "organization.collector.regions[1]"), (8, 9));
        assert_eq!(
            locate(DOC, "organization.collector.organizational_units[1]"),
            (9, 46)
        );
        assert_eq!(locate(DOC, "tags.team"), (10, 14));
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        assert_eq!(
            locate(DOC, "lake.transition_to_infrequent_access_days"),
            (2, 1)
        );
        assert_eq!(locate(DOC, "organization.collector.regions[7]"), (6, 5));
        assert_eq!(locate(DOC, "central.account_id"), (1, 1));
        assert_eq!(locate("a: [unclosed", "a"), (1, 1));
        assert_eq!(locate("", "a"), (1, 1));
    }

    #[test]
    fn finds_unquoted_values() {
        let plain = plain_scalars("a: 012\nb: \"012\"\nc: [x, 'y']\n");
        let got: Vec<(&str, &str)> = plain
            .iter()
            .map(|p| (p.path.as_str(), p.text.as_str()))
            .collect();
        assert_eq!(got, [("a", "012"), ("c[0]", "x")]);
        assert_eq!(plain[0].position, (1, 4));
    }

    #[test]
    fn repeated_keys_point_at_the_repetition() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct T {
            a: u32,
        }
        let e = from_str::<T>("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.to_string(), "3:4: duplicate field `a`");
    }

    #[test]
    fn errors_carry_position_without_repeating_it() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            a: u32,
        }
        let e = from_str::<T>("a: 1\nb: 2\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        assert_eq!(e.message, "unknown field `b`, expected `a`");
        let e = from_str::<serde_json::Value>("a: 1\nb: [x\nc: 2\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "3:2: did not find expected ',' or ']', while parsing a flow sequence at line 2 column 4"
        );
    }
}
