//! Plan: the one place that decides what leaves the panelist's hands.
//!
//! From the document, its fields and its findings, the plan settles whether
//! the receipt may be submitted at all, which fields are kept, and the exact
//! bytes that are shared: a picture re-encoded from pixels (which drops every
//! piece of metadata and anything after the image) or text with each finding
//! replaced by a marker of its kind. The store records the plan as it is.

use std::collections::BTreeMap;

use anyhow::Result;
use chrono::NaiveDate;

use crate::config::Program;
use crate::extract::Fields;
use crate::intake::{Body, Document};
use crate::privacy::Finding;
use crate::program::eligibility::{self, Ineligible};

mod encode;

use encode::encode_picture;

pub struct SharePlan {
    pub fields: Fields,
    pub source_kind: &'static str,
    /// SHA-256 of the original file, kept in memory only; the store keeps a
    /// keyed hash of it.
    pub content_digest: [u8; 32],
    pub shared: Option<SharedContent>,
    pub withheld: BTreeMap<String, u64>,
}

pub struct SharedContent {
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// Everything that can stop a receipt before it reaches the store.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error(transparent)]
    Ineligible(#[from] Ineligible),
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

pub fn build(
    document: Document,
    fields: Fields,
    findings: &[Finding],
    rules: &Program,
    today: NaiveDate,
) -> Result<SharePlan, Refusal> {
    eligibility::check(&fields, rules, today)?;
    let mut withheld = BTreeMap::new();
    for finding in findings {
        *withheld
            .entry(finding.kind.as_str().to_string())
            .or_insert(0) += 1;
    }
    let shared = match document.body {
        Body::Picture(picture) => Some(encode_picture(&picture.pixels, document.kind)?),
        Body::Text(text) => Some(SharedContent {
            mime: "text/plain; charset=utf-8",
            bytes: redact_text(&text, findings).into_bytes(),
        }),
        Body::Opaque => None,
    };
    Ok(SharePlan {
        fields,
        source_kind: document.kind.as_str(),
        content_digest: document.digest,
        shared,
        withheld,
    })
}

/// Replaces each finding's span with `[kind]`.
fn redact_text(text: &str, findings: &[Finding]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for finding in findings {
        if finding.span.start < at {
            continue;
        }
        out.push_str(&text[at..finding.span.start]);
        out.push('[');
        out.push_str(finding.kind.as_str());
        out.push(']');
        at = finding.span.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::Kind;

    #[test]
    fn redacts_every_finding() {
        let text = "Paid 4111 1111 1111 1111, mail a@b.co";
        let findings = [
            Finding {
                kind: Kind::Card,
                span: 5..24,
            },
            Finding {
                kind: Kind::Email,
                span: 31..37,
            },
        ];
        assert_eq!(redact_text(text, &findings), "Paid [card], mail [email]");
    }
}
