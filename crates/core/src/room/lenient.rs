//! Readers that accept what any automerge-repo client may write. The
//! upstream JavaScript Automerge stores a plain JS string as collaborative
//! text and a whole JS number as an integer, where this crate writes
//! scalar strings and floats; a room is readable either way. And one
//! entry nobody's client would write (a note whose `deleted` is "nee")
//! costs only itself, never the room: [`entries`], [`flag_set`].

use std::borrow::Cow;

use automerge::ObjId;
use autosurgeon::{Hydrate, HydrateError, Prop, ReadDoc};

struct AnyString(String);

impl Hydrate for AnyString {
    fn hydrate_string(s: &'_ str) -> Result<Self, HydrateError> {
        Ok(Self(s.to_owned()))
    }

    fn hydrate_text<D: ReadDoc>(doc: &D, obj: &ObjId) -> Result<Self, HydrateError> {
        Ok(Self(doc.text(obj)?))
    }
}

struct AnyNumber(f64);

impl Hydrate for AnyNumber {
    fn hydrate_f64(f: f64) -> Result<Self, HydrateError> {
        Ok(Self(f))
    }

    fn hydrate_int(i: i64) -> Result<Self, HydrateError> {
        Ok(Self(i as f64))
    }

    fn hydrate_uint(u: u64) -> Result<Self, HydrateError> {
        Ok(Self(u as f64))
    }

    fn hydrate_timestamp(t: i64) -> Result<Self, HydrateError> {
        Ok(Self(t as f64))
    }

    fn hydrate_scalar(s: Cow<'_, automerge::ScalarValue>) -> Result<Self, HydrateError> {
        match s.as_ref() {
            automerge::ScalarValue::F64(f) => Ok(Self(*f)),
            automerge::ScalarValue::Int(i) | automerge::ScalarValue::Timestamp(i) => {
                Ok(Self(*i as f64))
            }
            automerge::ScalarValue::Uint(u) => Ok(Self(*u as f64)),
            other => Err(HydrateError::unexpected("a number", format!("{other:?}"))),
        }
    }
}

/// A string written as a scalar or as text.
pub fn string<D: ReadDoc>(doc: &D, obj: &ObjId, prop: Prop<'_>) -> Result<String, HydrateError> {
    AnyString::hydrate(doc, obj, prop).map(|s| s.0)
}

/// An optional string written as a scalar or as text; absent or null is `None`.
pub fn optional_string<D: ReadDoc>(
    doc: &D,
    obj: &ObjId,
    prop: Prop<'_>,
) -> Result<Option<String>, HydrateError> {
    Option::<AnyString>::hydrate(doc, obj, prop).map(|s| s.map(|s| s.0))
}

/// A list of strings, each a scalar or text.
pub fn strings<D: ReadDoc>(
    doc: &D,
    obj: &ObjId,
    prop: Prop<'_>,
) -> Result<Vec<String>, HydrateError> {
    Vec::<AnyString>::hydrate(doc, obj, prop).map(|v| v.into_iter().map(|s| s.0).collect())
}

/// A number written as a float or an integer.
pub fn number<D: ReadDoc>(doc: &D, obj: &ObjId, prop: Prop<'_>) -> Result<f64, HydrateError> {
    AnyNumber::hydrate(doc, obj, prop).map(|n| n.0)
}

/// A whole number written as an integer or a float (fractions dropped).
pub fn integer<D: ReadDoc>(doc: &D, obj: &ObjId, prop: Prop<'_>) -> Result<i64, HydrateError> {
    AnyNumber::hydrate(doc, obj, prop).map(|n| n.0 as i64)
}

/// A count written as an integer or a float; negative values read as 0.
pub fn count<D: ReadDoc>(doc: &D, obj: &ObjId, prop: Prop<'_>) -> Result<u64, HydrateError> {
    AnyNumber::hydrate(doc, obj, prop).map(|n| n.0.max(0.0) as u64)
}

struct Flag(bool);

impl Hydrate for Flag {
    fn hydrate_bool(b: bool) -> Result<Self, HydrateError> {
        Ok(Self(b))
    }

    fn hydrate_scalar(s: Cow<'_, automerge::ScalarValue>) -> Result<Self, HydrateError> {
        Ok(Self(matches!(
            s.as_ref(),
            automerge::ScalarValue::Boolean(true)
        )))
    }
}

/// A yes/no flag; anything but `true` (a string, a number) reads as no.
pub fn flag<D: ReadDoc>(doc: &D, obj: &ObjId, prop: Prop<'_>) -> Result<bool, HydrateError> {
    Flag::hydrate(doc, obj, prop).map(|f| f.0)
}

struct Entries<T>(std::collections::BTreeMap<String, T>);

impl<T: Hydrate> Hydrate for Entries<T> {
    fn hydrate_map<D: ReadDoc>(doc: &D, obj: &ObjId) -> Result<Self, HydrateError> {
        let keys: Vec<String> = doc
            .map_range(obj, ..)
            .map(|item| item.key.to_string())
            .collect();
        Ok(Self(
            keys.into_iter()
                .filter_map(|key| {
                    let value =
                        T::hydrate(doc, obj, Prop::Key(Cow::Borrowed(key.as_str()))).ok()?;
                    Some((key, value))
                })
                .collect(),
        ))
    }
}

/// A map whose entries each read as `T`; an entry that does not (written
/// by a hostile or broken client) is left out, not the whole map.
pub fn entries<D: ReadDoc, T: Hydrate>(
    doc: &D,
    obj: &ObjId,
    prop: Prop<'_>,
) -> Result<std::collections::BTreeMap<String, T>, HydrateError> {
    Entries::<T>::hydrate(doc, obj, prop).map(|e| e.0)
}

struct FlagSet(std::collections::BTreeMap<String, bool>);

impl Hydrate for FlagSet {
    fn hydrate_map<D: ReadDoc>(doc: &D, obj: &ObjId) -> Result<Self, HydrateError> {
        Entries::<bool>::hydrate_map(doc, obj).map(|e| Self(e.0))
    }

    fn hydrate_seq<D: ReadDoc>(doc: &D, obj: &ObjId) -> Result<Self, HydrateError> {
        let ids = Vec::<AnyString>::hydrate_seq(doc, obj)?;
        Ok(Self(ids.into_iter().map(|s| (s.0, true)).collect()))
    }
}

/// A set of ids as `{ id: true }`; an older document's list of ids reads
/// as the same set.
pub fn flag_set<D: ReadDoc>(
    doc: &D,
    obj: &ObjId,
    prop: Prop<'_>,
) -> Result<std::collections::BTreeMap<String, bool>, HydrateError> {
    FlagSet::hydrate(doc, obj, prop).map(|s| s.0)
}

/// A map of strings, each a scalar or text.
pub fn string_map<D: ReadDoc>(
    doc: &D,
    obj: &ObjId,
    prop: Prop<'_>,
) -> Result<std::collections::BTreeMap<String, String>, HydrateError> {
    std::collections::BTreeMap::<String, AnyString>::hydrate(doc, obj, prop)
        .map(|m| m.into_iter().map(|(k, v)| (k, v.0)).collect())
}
