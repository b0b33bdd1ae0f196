//! RFC 8785 JSON Canonicalization Scheme (JCS) for audit entries.
//!
//! An audit entry is hashed into the Merkle log, so the same entry must always
//! serialise to the same bytes, here and in any other JCS implementation that
//! someone uses to check the log. `serde_json`'s own output depends on map
//! ordering and escaping choices; this module pins both down the way RFC 8785
//! does: no whitespace, object members sorted by the UTF-16 code units of their
//! names, and strings escaped exactly as ECMAScript's `JSON.stringify` does.
//!
//! Numbers are restricted to integers. RFC 8785 serialises numbers as
//! ECMAScript does for IEEE 754 doubles, and reproducing that shortest
//! round-trip float formatting exactly is subtle and easy to get wrong
//! (`1e+30`, `4.5`, `0.002`, `-0` becoming `0`). Entries that carry only
//! integers avoid the question entirely. The integers are further limited to
//! the range a double holds exactly, ±(2^53 − 1), since beyond it another
//! implementation would read a different number and print different bytes.

use std::cmp::Ordering;
use std::fmt::Write as _;

use serde_json::{Map, Number, Value};

/// The largest integer magnitude that every JCS implementation reads exactly.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Why a value has no canonical form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CanonicalError {
    /// The value holds a number with a fraction or exponent.
    #[error("number {0} is not an integer; audit entries hold integers only")]
    NonInteger(String),
    /// The value holds an integer that a double cannot represent exactly.
    #[error("integer {0} is outside ±(2^53 - 1), the range JSON numbers keep exactly")]
    UnsafeInteger(String),
}

/// Serialises `value` in its RFC 8785 canonical form.
pub fn to_canonical_string(value: &Value) -> Result<String, CanonicalError> {
    let mut out = String::new();
    write_value(&mut out, value)?;
    Ok(out)
}

/// Serialises `value` in its RFC 8785 canonical form, as UTF-8 bytes.
pub fn to_canonical_vec(value: &Value) -> Result<Vec<u8>, CanonicalError> {
    to_canonical_string(value).map(String::into_bytes)
}

fn write_value(out: &mut String, value: &Value) -> Result<(), CanonicalError> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => write_number(out, number)?,
        Value::String(text) => write_string(out, text),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item)?;
            }
            out.push(']');
        }
        Value::Object(members) => write_object(out, members)?,
    }
    Ok(())
}

fn write_number(out: &mut String, number: &Number) -> Result<(), CanonicalError> {
    let magnitude = if let Some(n) = number.as_i64() {
        n.unsigned_abs()
    } else if let Some(n) = number.as_u64() {
        n
    } else {
        return Err(CanonicalError::NonInteger(number.to_string()));
    };
    if magnitude > MAX_SAFE_INTEGER {
        return Err(CanonicalError::UnsafeInteger(number.to_string()));
    }
    // For safe integers ECMAScript's Number::toString is plain decimal digits.
    write!(out, "{number}").expect("writing to a String cannot fail");
    Ok(())
}

fn write_object(out: &mut String, members: &Map<String, Value>) -> Result<(), CanonicalError> {
    let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
    sorted.sort_by(|(a, _), (b, _)| utf16_order(a, b));
    out.push('{');
    for (i, (name, value)) in sorted.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(out, name);
        out.push(':');
        write_value(out, value)?;
    }
    out.push('}');
    Ok(())
}

/// RFC 8785 section 3.2.3 orders names by UTF-16 code units, which differs
/// from byte or code point order once characters above U+FFFF (surrogate pairs,
/// 0xD800..0xDFFF) meet characters in U+E000..U+FFFF.
fn utf16_order(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c < ' ' => {
                write!(out, "\\u{:04x}", u32::from(c)).expect("writing to a String cannot fail");
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn canonical(text: &str) -> Result<String, CanonicalError> {
        to_canonical_string(&serde_json::from_str(text).expect("test input is JSON"))
    }

    #[test]
    fn rfc8785_sorting_example() {
        // RFC 8785 section 3.2.3, verbatim. The emoji (UTF-16 D83D DE00) sorts
        // before U+FB33, the opposite of code point order.
        let input = r#"{
            "\u20ac": "Euro Sign",
            "\r": "Carriage Return",
            "\ufb33": "Hebrew Letter Dalet With Dagesh",
            "1": "One",
            "\ud83d\ude00": "Emoji: Grinning Face",
            "\u0080": "Control",
            "\u00f6": "Latin Small Letter O With Diaeresis"
        }"#;
        let expected = concat!(
            r#"{"\r":"Carriage Return","1":"One","#,
            "\"\u{80}\":\"Control\",",
            r#""ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","#,
            "\"😀\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}",
        );
        assert_eq!(canonical(input).unwrap(), expected);
    }

    #[test]
    fn rfc8785_sample_with_integers_in_place_of_floats() {
        // RFC 8785 section 3.2.2 with its "numbers" array (333333333.33333329,
        // 1E30, 4.50, 2e-3, 1e-27) replaced by integers, which are all this
        // module accepts; the string and literals are the RFC's own.
        let input = r#"{
            "numbers": [333333333, -7, 4, 0, 9007199254740991],
            "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
            "literals": [null, true, false]
        }"#;
        let expected = concat!(
            r#"{"literals":[null,true,false],"#,
            r#""numbers":[333333333,-7,4,0,9007199254740991],"#,
            r#""string":"€$\u000f\nA'B\"\\\\\"/"}"#,
        );
        assert_eq!(canonical(input).unwrap(), expected);
    }

    #[test]
    fn rfc8785_utf8_example_is_not_normalised() {
        // RFC 8785 section 3.2.4: "A\u030a" stays two code points.
        let input = r#"{"Unnormalized Unicode":"A\u030a"}"#;
        let bytes = to_canonical_vec(&serde_json::from_str(input).unwrap()).unwrap();
        let mut expected = b"{\"Unnormalized Unicode\":\"A".to_vec();
        expected.extend_from_slice(&[0xcc, 0x8a]);
        expected.extend_from_slice(b"\"}");
        assert_eq!(bytes, expected);
    }

    #[test]
    fn string_escapes() {
        let cases = [
            ("\u{0}", r#""\u0000""#),
            ("\u{1}\u{1f}", r#""\u0001\u001f""#),
            ("\u{8}\t\n\u{b}\u{c}\r", r#""\b\t\n\u000b\f\r""#),
            ("\"\\", r#""\"\\""#),
            ("/", r#""/""#),
            ("\u{7f}", "\"\u{7f}\""),
            ("\u{80}\u{2028}\u{2029}", "\"\u{80}\u{2028}\u{2029}\""),
            ("é€😀", "\"é€😀\""),
            ("\u{1b}[0m", r#""\u001b[0m""#),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                to_canonical_string(&Value::String(raw.into())).unwrap(),
                expected,
                "{raw:?}"
            );
        }
    }

    #[test]
    fn nested_arrays_and_objects() {
        let value = json!({
            "b": [{"z": 1, "a": [2, {"y": null, "x": []}]}, {}],
            "a": {"d": true, "c": "c", "": -1},
            "aa": [[[]]],
        });
        assert_eq!(
            to_canonical_string(&value).unwrap(),
            r#"{"a":{"":-1,"c":"c","d":true},"aa":[[[]]],"b":[{"a":[2,{"x":[],"y":null}],"z":1},{}]}"#
        );
    }

    #[test]
    fn keys_sort_by_utf16_not_by_bytes() {
        let value = json!({"\u{ffff}": 1, "\u{1f600}": 2, "\u{e000}": 3, "z": 4});
        assert_eq!(
            to_canonical_string(&value).unwrap(),
            "{\"z\":4,\"\u{1f600}\":2,\"\u{e000}\":3,\"\u{ffff}\":1}"
        );
    }

    #[test]
    fn integer_limits() {
        for (text, expected) in [
            ("0", "0"),
            ("-9007199254740991", "-9007199254740991"),
            ("9007199254740991", "9007199254740991"),
        ] {
            assert_eq!(canonical(text).unwrap(), expected);
        }
        for text in [
            "9007199254740992",
            "-9007199254740992",
            "18446744073709551615",
            "-9223372036854775808",
        ] {
            assert_eq!(
                canonical(text),
                Err(CanonicalError::UnsafeInteger(text.into()))
            );
        }
    }

    #[test]
    fn floats_are_refused() {
        for text in ["1.5", "4.50", "1E30", "2e-3", "-0", "1.0"] {
            assert!(
                matches!(canonical(text), Err(CanonicalError::NonInteger(_))),
                "{text}"
            );
        }
        let nested = json!({"ok": [1, 2], "deep": [{"price": 0.1}]});
        assert_eq!(
            to_canonical_string(&nested),
            Err(CanonicalError::NonInteger("0.1".into()))
        );
    }

    fn arbitrary_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-(MAX_SAFE_INTEGER as i64)..=MAX_SAFE_INTEGER as i64).prop_map(Value::from),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                prop::collection::btree_map(any::<String>(), inner, 0..8)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn canonical_text_parses_back_and_is_stable(value in arbitrary_value()) {
            let text = to_canonical_string(&value).unwrap();
            let reparsed: Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(&reparsed, &value);
            prop_assert_eq!(to_canonical_string(&reparsed).unwrap(), text);
        }
    }
}
