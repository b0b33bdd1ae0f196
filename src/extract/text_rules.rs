//! How merchants are compared.

/// Lower case, single spaces, no punctuation: how merchants are compared.
pub fn normalise_merchant(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_merchants() {
        assert_eq!(
            normalise_merchant("  WHOLE  Foods-Market! "),
            "whole foods market"
        );
        assert_eq!(normalise_merchant("Amazon 4-star"), "amazon 4 star");
    }
}
