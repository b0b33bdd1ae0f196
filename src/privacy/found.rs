//! Findings placed in a document: in an e-receipt's text, or on a picture
//! as the boxes of the words OCR read there.
//!
//! A picture read twice has two texts; each is searched, and every word a
//! finding touches in either is a place to paint over. Counts take the
//! reading that found most of a kind, so one card read twice stays one card.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::intake::{Body, Document, Picture, Reading};

use super::{DetectorConfig, Kind, detect_text, findings_and_markers, layout, repeat};

/// One finding and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: Kind,
    /// Which text the span is in: 0 for an e-receipt, the OCR reading for
    /// a picture.
    pub reading: usize,
    /// Byte range in that text.
    pub span: Range<usize>,
    /// On a picture: left, top, width, height of each word the span
    /// touches, in the upright picture's pixels. Empty for text.
    pub boxes: Vec<[u32; 4]>,
}

/// Everything found in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    pub found: Vec<Found>,
    /// Pharmacy or drugstore names seen: the receipt itself is health data.
    pub health_markers: usize,
    /// The health detector was on: with it off, health data is shared
    /// like any kind whose detector is off.
    pub looked_for_health: bool,
}

impl Findings {
    /// How many of each kind: for a picture, the most any one reading found.
    pub fn counts(&self, keep: impl Fn(Kind) -> bool) -> BTreeMap<Kind, u64> {
        let mut per_reading: BTreeMap<(Kind, usize), u64> = BTreeMap::new();
        for found in self.found.iter().filter(|f| keep(f.kind)) {
            *per_reading.entry((found.kind, found.reading)).or_insert(0) += 1;
        }
        let mut counts = BTreeMap::new();
        for ((kind, _), n) in per_reading {
            let count = counts.entry(kind).or_insert(0);
            *count = n.max(*count);
        }
        counts
    }
}

/// Findings in a document with the detectors `config` leaves on.
pub fn detect_with(document: &Document, config: &DetectorConfig) -> Findings {
    match &document.body {
        Body::Text(text) => {
            let (found, health_markers) = findings_and_markers(text, config);
            Findings {
                found: found
                    .into_iter()
                    .map(|f| Found {
                        kind: f.kind,
                        reading: 0,
                        span: f.span,
                        boxes: Vec::new(),
                    })
                    .collect(),
                health_markers,
                looked_for_health: config.health,
            }
        }
        Body::Picture(picture) => on_picture(picture, config),
        Body::Opaque => Findings {
            looked_for_health: config.health,
            ..Findings::default()
        },
    }
}

fn on_picture(picture: &Picture, config: &DetectorConfig) -> Findings {
    let mut findings = Findings {
        looked_for_health: config.health,
        ..Findings::default()
    };
    for (n, reading) in picture.all_readings().enumerate() {
        let (found, markers) = findings_and_markers(&reading.text, config);
        for finding in found {
            let boxes = words_in(picture, n, &finding.span);
            findings.found.push(Found {
                kind: finding.kind,
                reading: n,
                span: finding.span,
                boxes,
            });
        }
        findings.health_markers = findings.health_markers.max(markers);
        let in_columns = by_column(reading, n, config, &findings.found);
        findings.found.extend(in_columns);
    }
    let again = repeat::printed_again(picture, &findings.found);
    findings.found.extend(again);
    findings
}

/// What the detectors find in the column view of reading `n` and not in
/// its rows: each finding becomes, row by row, the run of the reading's
/// words it touches.
fn by_column(reading: &Reading, n: usize, config: &DetectorConfig, known: &[Found]) -> Vec<Found> {
    let Some(columns) = layout::columns(reading) else {
        return Vec::new();
    };
    let mut out: Vec<Found> = Vec::new();
    for finding in detect_text(&columns.text, config) {
        let mut rows: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in columns.words_in(&finding.span) {
            rows.entry(reading.words[i].row).or_default().push(i);
        }
        for words in rows.values() {
            let first = &reading.words[words[0]];
            let last = &reading.words[words[words.len() - 1]];
            let span = first.span.start..last.span.end;
            let seen = known
                .iter()
                .chain(&out)
                .any(|f| f.reading == n && f.span.start < span.end && span.start < f.span.end);
            if !seen {
                out.push(Found {
                    kind: finding.kind,
                    reading: n,
                    span,
                    boxes: words.iter().map(|&i| reading.words[i].bbox).collect(),
                });
            }
        }
    }
    out
}

/// The boxes of the words of reading `n` that share a byte with `span`:
/// a word only partly inside a finding is painted whole.
pub fn words_in(picture: &Picture, n: usize, span: &Range<usize>) -> Vec<[u32; 4]> {
    let Some(reading) = picture.reading(n) else {
        return Vec::new();
    };
    reading
        .words
        .iter()
        .filter(|w| w.span.start < span.end && span.start < w.span.end)
        .map(|w| w.bbox)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::{Reading, Word};

    fn word(text: &str, span: Range<usize>, left: u32) -> Word {
        Word {
            text: text.into(),
            bbox: [left, 10, 40, 12],
            conf: 90.0,
            block: 1,
            par: 1,
            line: 1,
            row: 0,
            span,
        }
    }

    fn reading(line: &str) -> Reading {
        let mut words = Vec::new();
        let mut at = 0;
        for (i, part) in line.split(' ').enumerate() {
            words.push(word(part, at..at + part.len(), 50 * i as u32));
            at += part.len() + 1;
        }
        Reading {
            text: line.into(),
            words,
            size: (400, 40),
        }
    }

    #[test]
    fn a_finding_on_a_picture_is_the_boxes_of_its_words() {
        let picture = Picture {
            pixels: image::DynamicImage::new_luma8(400, 40),
            readings: vec![
                reading("CARD XXXXXXXXXXXX4318 RM9.00"),
                reading("CARD: XXXXXXXXXXXX4318 mail a@b.co"),
            ],
            looks: Vec::new(),
            photo: false,
        };
        let findings = on_picture(&picture, &DetectorConfig::default());
        let cards: Vec<&Found> = findings
            .found
            .iter()
            .filter(|f| f.kind == Kind::Card)
            .collect();
        assert_eq!(cards.len(), 2, "{findings:?}");
        assert_eq!(cards[0].boxes, [[50, 10, 40, 12]]);
        assert_eq!(cards[1].reading, 1);
        let counts = findings.counts(|_| true);
        assert_eq!(counts[&Kind::Card], 1, "one card read twice is one card");
        assert_eq!(counts[&Kind::Email], 1);
        let without_cards = findings.counts(|k| k != Kind::Card);
        assert!(!without_cards.contains_key(&Kind::Card));
    }

    #[test]
    fn a_pharmacy_name_on_a_picture_is_a_health_marker() {
        let picture = Picture {
            pixels: image::DynamicImage::new_luma8(400, 40),
            readings: vec![reading("GREEN PHARMACY SDN BHD")],
            looks: Vec::new(),
            photo: false,
        };
        let findings = on_picture(&picture, &DetectorConfig::default());
        assert_eq!(findings.health_markers, 1);
        assert!(findings.found.is_empty());
    }
}
