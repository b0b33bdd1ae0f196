//! Privacy: personal data found in a document, as kinds and places.
//!
//! A finding never carries the value it found, only where it is, so nothing
//! downstream can store or print it by mistake. The detectors here read text;
//! pictures gain findings once their words are read.

mod detectors;

use std::ops::Range;

use serde::Serialize;

use crate::intake::{Body, Document};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Email,
    Card,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Card => "card",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    /// Byte range in the document's text.
    pub span: Range<usize>,
}

pub fn detect(document: &Document) -> Vec<Finding> {
    match &document.body {
        Body::Text(text) => detectors::in_text(text),
        Body::Picture(_) | Body::Opaque => Vec::new(),
    }
}
