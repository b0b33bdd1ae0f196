//! The configuration as commented TOML, for `panel config show`.
//!
//! The comments are the schema's descriptions, so every key is described
//! once, in the doc comments of the configuration's types. The values come
//! from the configuration itself, in the order of its fields (toml's
//! `preserve_order`), so the output reads back as the same configuration.

use std::fmt::Write as _;

use serde_json::Value as Json;
use toml::{Table, Value};

use super::Config;
use super::schema::{description, resolve, schema, table_items};

/// Comment lines are wrapped to this many characters.
const WIDTH: usize = 79;

impl Config {
    /// The configuration as TOML, every key under a comment that says what
    /// it does, what it allows and, when it is set to another value, its
    /// default.
    pub fn to_commented_toml(&self) -> String {
        let root = schema();
        let values = Table::try_from(self).expect("the configuration is a TOML table");
        let mut out = Commented {
            root: &root,
            text: String::new(),
        };
        out.comment(description(&root, &root), "# ", "# ");
        out.table("", &root, &values);
        out.text
    }
}

struct Commented<'a> {
    root: &'a Json,
    text: String,
}

impl Commented<'_> {
    /// The keys of one table: plain keys first, then tables, then arrays of
    /// tables, as TOML requires.
    fn table(&mut self, path: &str, schema: &Json, values: &Table) {
        let properties = &resolve(self.root, schema)["properties"];
        let (plain, nested): (Vec<_>, Vec<_>) =
            values.iter().partition(|(_, value)| !holds_tables(value));
        for (i, (key, value)) in plain.into_iter().enumerate() {
            if i > 0 || path.is_empty() {
                self.text.push('\n');
            }
            self.key(&properties[key.as_str()], value);
            let _ = writeln!(self.text, "{key} = {value}");
        }
        for (key, value) in nested {
            let property = &properties[key.as_str()];
            let name = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            self.text.push('\n');
            self.comment(description(self.root, property), "# ", "# ");
            match value {
                Value::Table(table) => {
                    let _ = writeln!(self.text, "[{name}]");
                    self.table(&name, property, table);
                }
                Value::Array(items) => self.array_of_tables(&name, property, items),
                _ => unreachable!("only tables and arrays of tables are nested"),
            }
        }
    }

    /// `[[name]]` tables, their keys described once before the first.
    fn array_of_tables(&mut self, name: &str, schema: &Json, items: &[Value]) {
        let item_schema = table_items(self.root, schema).expect("an array of tables");
        let first = items.first().and_then(Value::as_table);
        for key in first.into_iter().flat_map(|t| t.keys()) {
            let property = &item_schema["properties"][key.as_str()];
            self.comment(
                &format!("{key}: {}", description(self.root, property)),
                "# ",
                "#   ",
            );
        }
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.text.push('\n');
            }
            let _ = writeln!(self.text, "[[{name}]]");
            for (key, value) in item.as_table().into_iter().flatten() {
                let _ = writeln!(self.text, "{key} = {value}");
            }
        }
    }

    /// The comment above a plain key: its description, its choices, its
    /// range, and its default when `value` differs from it.
    fn key(&mut self, schema: &Json, value: &Value) {
        let own = resolve(self.root, schema);
        self.comment(description(self.root, schema), "# ", "# ");
        for choice in own["oneOf"].as_array().into_iter().flatten() {
            let text = format!("{}: {}", choice["const"], description(self.root, choice));
            self.comment(&text, "#   ", "#     ");
        }
        let mut facts = Vec::new();
        if let Some(choices) = own["enum"].as_array() {
            let choices: Vec<String> = choices.iter().map(Json::to_string).collect();
            facts.push(format!("One of {}.", choices.join(", ")));
        }
        if let (Some(min), Some(max)) = (own.get("minimum"), own.get("maximum")) {
            facts.push(format!("Allowed: {min} to {max}."));
        }
        if let Some(default) = schema.get("default").and_then(plain_value)
            && &default != value
        {
            facts.push(format!("Default: {default}."));
        }
        if !facts.is_empty() {
            self.comment(&facts.join(" "), "# ", "# ");
        }
    }

    /// `text` as `#` lines of at most [`WIDTH`] characters, a paragraph of
    /// the doc comment at a time: the first line of each starts with
    /// `first`, the others with `next`.
    fn comment(&mut self, text: &str, first: &str, next: &str) {
        for (i, paragraph) in text.split("\n\n").enumerate() {
            if i > 0 {
                self.text.push_str("#\n");
            }
            let mut line = first.to_string();
            let mut words = 0;
            for word in paragraph.split_whitespace() {
                if words > 0 && line.chars().count() + 1 + word.chars().count() > WIDTH {
                    self.text.push_str(&line);
                    self.text.push('\n');
                    line = next.to_string();
                    words = 0;
                }
                if words > 0 {
                    line.push(' ');
                }
                line.push_str(word);
                words += 1;
            }
            if words > 0 {
                self.text.push_str(&line);
                self.text.push('\n');
            }
        }
    }
}

/// Whether `value` is written as a table or as `[[tables]]`.
fn holds_tables(value: &Value) -> bool {
    match value {
        Value::Table(_) => true,
        Value::Array(items) => !items.is_empty() && items.iter().all(Value::is_table),
        _ => false,
    }
}

/// A default that reads well in a comment: anything but tables.
fn plain_value(default: &Json) -> Option<Value> {
    let value = Value::try_from(default).ok()?;
    let tables = match &value {
        Value::Table(_) => true,
        Value::Array(items) => items.iter().any(Value::is_table),
        _ => false,
    };
    (!tables).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::reward::{Destination, RewardModel};

    #[test]
    fn commented_toml_reads_back_as_the_same_config() {
        let mut config = Config::default();
        config.program.quota = 7;
        config.program.owner_merchants = vec!["Shop \"Quoted\"".into()];
        config.submit.default_currency = "EUR".into();
        config.locale.time_zone = "Europe/Berlin".into();
        config.program.reward_model = RewardModel::PerReceipt;
        config.program.per_receipt_minor = 10;
        config.program.per_receipt_cap_minor = 500;
        config.program.reward_currency = "GBP".into();
        config.program.default_destination = Destination::Charity("wwf".into());
        config.program.retention_months = 0;
        config.charities[3].description = "A \"quoted\" line".into();
        config.privacy.phone = false;
        config.privacy.health = false;
        let text = config.to_commented_toml();
        let back: Config = toml::from_str(&text).unwrap();
        assert_eq!(back, config);
        back.validate().unwrap();

        // The defaults, and a program without charities.
        let text = Config::default().to_commented_toml();
        assert_eq!(toml::from_str::<Config>(&text).unwrap(), Config::default());
        let mut none = Config::default();
        none.charities.clear();
        let back: Config = toml::from_str(&none.to_commented_toml()).unwrap();
        assert_eq!(back, none);
    }

    /// The comment above a key is its doc comment, with its choices, its
    /// range, and its default once it differs.
    #[test]
    fn every_key_is_under_its_description() {
        let mut config = Config::default();
        config.program.quota = 7;
        let text = config.to_commented_toml();
        let above = |key: &str| -> String {
            let at = text
                .lines()
                .position(|line| line.starts_with(&format!("{key} = ")))
                .unwrap_or_else(|| panic!("no {key} in\n{text}"));
            let lines: Vec<&str> = text.lines().collect();
            let start = lines[..at]
                .iter()
                .rposition(|line| !line.starts_with('#'))
                .map_or(0, |i| i + 1);
            lines[start..at].join("\n")
        };
        assert_eq!(
            above("quota"),
            "# monthly: eligible receipts a month that earn the reward; later ones are\n\
             # extra.\n\
             # Allowed: 1 to 10000. Default: 10."
        );
        let model = above("reward_model");
        assert!(model.starts_with("# How receipts are paid.\n"), "{model}");
        assert!(
            model.contains("\n#   \"per_receipt\": `per_receipt_minor` for each"),
            "{model}"
        );
        assert!(!above("max_age_days").contains("Default"), "{text}");
        for line in text.lines() {
            assert!(
                !line.starts_with('#') || line.chars().count() <= WIDTH,
                "{line}"
            );
        }
    }

    #[test]
    fn without_charities_the_empty_list_comes_before_the_first_table() {
        let mut config = Config::default();
        config.charities.clear();
        let text = config.to_commented_toml();
        let lines: Vec<&str> = text.lines().collect();
        let empty = lines.iter().position(|l| *l == "charities = []");
        let first_table = lines.iter().position(|l| l.starts_with('['));
        assert!(empty.expect(&text) < first_table.unwrap(), "{text}");
        assert!(!lines.contains(&"[[charities]]"), "{text}");
    }
}
