//! The JSON Schema of config.toml, derived from the configuration's types.
//!
//! Their doc comments are the one description of every key: `panel config
//! show` prints them as comments, and `schema/config.schema.json`, the same
//! schema committed for editors and other tools, is checked by a test to be
//! current.

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use serde_json::Value;

use super::Config;

/// The schema of config.toml (JSON Schema 2020-12).
pub fn schema() -> Value {
    SchemaSettings::draft2020_12()
        .with_transform(RecursiveTransform(unwrap_description))
        .into_generator()
        .into_root_schema_for::<Config>()
        .to_value()
}

/// Doc comments are wrapped to fit the source, descriptions by whatever
/// shows them: the lines of each paragraph are joined.
fn unwrap_description(schema: &mut schemars::Schema) {
    if let Some(Value::String(text)) = schema.get_mut("description") {
        let paragraphs: Vec<String> = text
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        *text = paragraphs.join("\n\n");
    }
}

/// `schema` with a reference to one of the root's definitions followed.
pub fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference
                .strip_prefix("#/$defs/")
                .unwrap_or_else(|| panic!("{reference} is not a reference to a definition"));
            &root["$defs"][name]
        }
        None => schema,
    }
}

/// What a key is for: the description beside it, or else its type's.
pub fn description<'a>(root: &'a Value, schema: &'a Value) -> &'a str {
    schema["description"]
        .as_str()
        .or_else(|| resolve(root, schema)["description"].as_str())
        .unwrap_or_default()
}

/// The schema of the tables an array holds (`[[charities]]`), if it holds
/// tables.
pub fn table_items<'a>(root: &'a Value, schema: &'a Value) -> Option<&'a Value> {
    let schema = resolve(root, schema);
    let items = resolve(root, schema.get("items")?);
    items.get("properties").is_some().then_some(items)
}

/// Every key a configuration can set, as dotted paths; the keys of the
/// tables of an array as `charities[].id`.
#[cfg(test)]
pub fn keys(root: &Value) -> std::collections::BTreeSet<String> {
    fn walk(
        root: &Value,
        schema: &Value,
        prefix: &str,
        keys: &mut std::collections::BTreeSet<String>,
    ) {
        let schema = resolve(root, schema);
        let Some(properties) = schema["properties"].as_object() else {
            return;
        };
        for (key, property) in properties {
            let path = format!("{prefix}{key}");
            if let Some(items) = table_items(root, property) {
                walk(root, items, &format!("{path}[]."), keys);
            } else if resolve(root, property).get("properties").is_some() {
                walk(root, property, &format!("{path}."), keys);
            } else {
                keys.insert(path);
            }
        }
    }
    let mut keys = std::collections::BTreeSet::new();
    walk(root, root, "", &mut keys);
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every numeric key the schema bounds is bounded the same way when a
    /// configuration is loaded: just outside is refused, naming the key and
    /// the value; the bounds themselves are not refused for their range.
    #[test]
    fn loading_refuses_exactly_what_the_schema_bounds() {
        let schema = schema();
        let mut bounded = 0;
        for key in keys(&schema) {
            let Some((table, name)) = key.split_once('.') else {
                continue;
            };
            let property = &resolve(&schema, &schema["properties"][table])["properties"][name];
            let (Some(min), Some(max)) =
                (property["minimum"].as_i64(), property["maximum"].as_i64())
            else {
                continue;
            };
            bounded += 1;
            let load = |value: i64| -> Result<(), String> {
                let config: Config = toml::from_str(&format!("[{table}]\n{name} = {value}\n"))
                    .map_err(|e| e.to_string())?;
                config.validate().map_err(|e| format!("{e:#}"))
            };
            for outside in [min - 1, max + 1] {
                let refusal = match load(outside) {
                    Ok(()) => panic!(
                        "{key} = {outside} is outside the schema's {min}..={max} but accepted"
                    ),
                    Err(e) => e,
                };
                // Below zero an unsigned key does not even parse.
                if !refusal.contains("invalid value") {
                    assert!(
                        refusal.contains(&format!("{key} = {outside}")),
                        "{key}: {refusal}"
                    );
                }
            }
            for edge in [min, max] {
                // Another rule may still refuse it (the monthly cap below
                // the amount per receipt), but not its range.
                if let Err(refusal) = load(edge) {
                    let range = [" is out of range", " is more than"];
                    assert!(
                        !range
                            .iter()
                            .any(|r| refusal.contains(&format!("{key} = {edge}{r}"))),
                        "{key} = {edge} is inside the schema's {min}..={max} but refused: {refusal}"
                    );
                }
            }
        }
        assert!(bounded >= 10, "only {bounded} bounded keys found");
    }
}
