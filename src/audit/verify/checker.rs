//! The running check over an export's records and entries, in file order,
//! in memory that does not grow with the file: the Merkle frontier, one
//! short digest and packed id per receipt, and the few months and surveys.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::examine::{self, Detail, Entry, Receipt, deletion_digest};
use super::{Checkpoint, Problem, Verified};
use crate::audit::export::FORMAT_VERSION;
use crate::proof::merkle::{Hash, RootBuilder};
use crate::proof::record::{digest, head_of};

/// A receipt's place in the in-order check: its id packed into 50 bits and
/// the first 8 bytes of its digest. The full digests are chained as well,
/// so a collision of the short ones cannot pass.
struct Slot {
    id: u64,
    digest: u64,
}

/// Which side of a pairing came first: the export's records or the
/// ledger's entries. An export lists records before the ledger, but a copy
/// whose members were re-sorted (`jq -S`, Python's `sort_keys`) may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Side {
    #[default]
    Records,
    Entries,
}

/// Pairs records with entries in order, whichever side comes first,
/// keeping only the unpaired ones of the side ahead.
struct Pairs<T> {
    waiting: VecDeque<T>,
    side: Side,
}

impl<T> Default for Pairs<T> {
    fn default() -> Self {
        Pairs {
            waiting: VecDeque::new(),
            side: Side::Records,
        }
    }
}

impl<T> Pairs<T> {
    /// The waiting item of the other side to pair `item` with, or `None`
    /// when `item` now waits.
    fn pair(&mut self, side: Side, item: T) -> Option<(T, T)> {
        if self.side != side && !self.waiting.is_empty() {
            let other = self.waiting.pop_front().expect("not empty");
            return Some(match side {
                Side::Records => (item, other),
                Side::Entries => (other, item),
            });
        }
        self.side = side;
        self.waiting.push_back(item);
        None
    }
}

#[derive(Default)]
pub struct Checker {
    checkpoint: Option<Checkpoint>,
    tree: RootBuilder,
    head: Map<String, Value>,
    /// The filter the head's `period` gives, kept as the head is read.
    filter: Option<(Option<String>, Option<String>)>,
    receipts: Pairs<Slot>,
    listed: u64,
    record_chain: Sha256,
    entry_chain: Sha256,
    bound: u64,
    unbound: u64,
    deleted: HashMap<u64, (Hash, Side)>,
    /// Live receipts of a partial export: a deletion of one of them in the
    /// ledger must show.
    live: HashSet<u64>,
    consents: Pairs<u64>,
    consent_chain: Sha256,
    consent_entry_chain: Sha256,
    device: Option<(bool, String)>,
    rewards: Vec<Map<String, Value>>,
    surveys: Vec<Map<String, Value>>,
    closed: BTreeMap<String, Map<String, Value>>,
    recorded_surveys: HashMap<String, Map<String, Value>>,
    last: Option<Entry>,
    /// The size and root the export claims.
    pub claimed: Option<(u64, String)>,
}

fn short(hash: &Hash) -> u64 {
    u64::from_be_bytes(hash[..8].try_into().expect("8 bytes"))
}

/// Packs a 10-character panel id (base32, lowercase) into 50 bits.
fn pack(id: &str) -> Option<u64> {
    if id.len() != 10 {
        return None;
    }
    id.bytes().try_fold(0u64, |acc, b| {
        let v = match b {
            b'a'..=b'z' => b - b'a',
            b'2'..=b'7' => b - b'2' + 26,
            _ => return None,
        };
        Some(acc << 5 | u64::from(v))
    })
}

fn unpack(mut packed: u64) -> String {
    let mut id = [0u8; 10];
    for slot in id.iter_mut().rev() {
        let v = (packed & 31) as u8;
        *slot = if v < 26 { b'a' + v } else { b'2' + v - 26 };
        packed >>= 5;
    }
    String::from_utf8_lossy(&id).into_owned()
}

fn deletion_problem(id: &str) -> Problem {
    record_problem(
        format!("receipt {id}"),
        "is exported with a deletion time or cause that differs from the ledger",
    )
}

fn record_problem(name: impl Into<String>, detail: impl Into<String>) -> Problem {
    Problem::Record {
        name: name.into(),
        detail: detail.into(),
    }
}

fn consent_problem() -> Problem {
    record_problem(
        "a consent change",
        "differs from the ledger's consent_changed entry in its place",
    )
}

fn compare(record: &Slot, entry: &Slot) -> Result<(), Problem> {
    let name = format!("receipt {}", unpack(entry.id));
    if record.id != entry.id {
        return Err(record_problem(
            name,
            format!(
                "is missing from the export or out of order: receipt {} stands in its place",
                unpack(record.id)
            ),
        ));
    }
    if record.digest != entry.digest {
        return Err(record_problem(
            name,
            "differs from its ledger entry: its time, month, category, kinds withheld or \
             shared, health decision or commitment was changed",
        ));
    }
    Ok(())
}

/// The filter of a partial export from its head's `period`.
fn filter_of(head: &Map<String, Value>) -> Option<(Option<String>, Option<String>)> {
    let period = head.get("period").and_then(Value::as_object)?;
    let since = text(period, "since").map(str::to_string);
    let until = text(period, "until").map(str::to_string);
    (since.is_some() || until.is_some()).then_some((since, until))
}

fn text<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key).and_then(Value::as_str)
}

impl Checker {
    pub fn new(checkpoint: Option<Checkpoint>) -> Checker {
        Checker {
            checkpoint,
            ..Checker::default()
        }
    }

    pub fn head_member(&mut self, key: String, value: Value) -> Result<(), Problem> {
        let period = key == "period";
        if self.head.insert(key.clone(), value).is_some() {
            return Err(Problem::Unreadable(format!(
                "the export's head holds {key:?} twice"
            )));
        }
        if period {
            self.filter = filter_of(&self.head);
        }
        Ok(())
    }

    pub fn has_head(&self) -> bool {
        !self.head.is_empty()
    }

    /// The filter of a partial export: (since, until), each maybe open.
    fn filter(&self) -> Option<&(Option<String>, Option<String>)> {
        self.filter.as_ref()
    }

    /// One record of the export (not an entry), by its type.
    pub fn record(&mut self, kind: &str, mut record: Map<String, Value>) -> Result<(), Problem> {
        record.remove("type");
        match kind {
            "consent" => {
                let d = examine::consent_digest(&record);
                self.consent_chain.update(d);
                if let Some((a, b)) = self.consents.pair(Side::Records, short(&d))
                    && a != b
                {
                    return Err(consent_problem());
                }
            }
            "receipt" => self.receipt(examine::receipt(&record)?)?,
            "reward" => self.rewards.push(record),
            "survey" => self.surveys.push(record),
            other => {
                return Err(Problem::Unreadable(format!(
                    "a record has the unknown type {other:?}"
                )));
            }
        }
        Ok(())
    }

    /// A receipt, checked on its own already.
    pub fn receipt(&mut self, receipt: Receipt) -> Result<(), Problem> {
        let Some(id) = pack(&receipt.id) else {
            return Err(record_problem(
                format!("receipt {}", receipt.id),
                "does not have a panel receipt id (10 letters and digits 2-7)",
            ));
        };
        if let Some(deletion) = receipt.deletion {
            match self.deleted.remove(&id) {
                Some((expected, Side::Entries)) if expected != deletion => {
                    return Err(deletion_problem(&receipt.id));
                }
                Some((_, Side::Entries)) => {}
                Some((_, Side::Records)) => {
                    return Err(record_problem(
                        format!("receipt {}", receipt.id),
                        "is listed twice",
                    ));
                }
                None => {
                    self.deleted.insert(id, (deletion, Side::Records));
                }
            }
        } else if self.filter().is_some() {
            self.live.insert(id);
        }
        self.record_chain.update(receipt.digest);
        self.listed += 1;
        let slot = Slot {
            id,
            digest: short(&receipt.digest),
        };
        if let Some((record, entry)) = self.receipts.pair(Side::Records, slot) {
            compare(&record, &entry)?;
        }
        Ok(())
    }

    /// The next ledger entry, checked on its own already.
    pub fn entry(&mut self, entry: Entry) -> Result<(), Problem> {
        let position = self.tree.len() + 1;
        if entry.seq != position {
            return Err(Problem::OutOfPlace {
                position,
                found: entry.seq,
            });
        }
        self.tree.push(entry.leaf);
        if let Some(c) = self.checkpoint
            && c.size == self.tree.len()
            && c.root != self.tree.root()
        {
            return Err(Problem::Inconsistent {
                checkpoint: c.to_string(),
                detail: format!(
                    "its first {} entries were rewritten since the checkpoint",
                    c.size
                ),
            });
        }
        let receipt = entry.receipt.as_str();
        let fields = match &entry.detail {
            Detail::Shared { at, digest, bound } => {
                self.shared(receipt, at, *digest, *bound)?;
                self.last = Some(entry);
                return Ok(());
            }
            Detail::Fields(fields) => fields,
        };
        match entry.event.as_str() {
            "receipt_deleted" => {
                let packed = pack(receipt).unwrap_or(u64::MAX);
                let digest = deletion_digest(
                    receipt,
                    text(fields, "at").unwrap_or_default(),
                    text(fields, "cause").unwrap_or_default(),
                );
                match self.deleted.remove(&packed) {
                    Some((expected, Side::Records)) if expected != digest => {
                        return Err(deletion_problem(receipt));
                    }
                    Some((_, Side::Records)) => {}
                    _ => {
                        self.deleted.insert(packed, (digest, Side::Entries));
                    }
                }
            }
            "consent_changed" => {
                let d = examine::consent_digest(fields);
                self.consent_entry_chain.update(d);
                if let Some((a, b)) = self.consents.pair(Side::Entries, short(&d))
                    && a != b
                {
                    return Err(consent_problem());
                }
                if text(fields, "kind") == Some("device") {
                    let granted = fields.get("granted").and_then(Value::as_bool);
                    let at = text(fields, "at").unwrap_or_default().to_string();
                    self.device = Some((granted.unwrap_or(false), at));
                }
            }
            "month_closed" => {
                let month = text(fields, "month").unwrap_or_default().to_string();
                self.closed.insert(month, fields.clone());
            }
            "survey_recorded" => {
                let id = text(fields, "survey").unwrap_or_default().to_string();
                self.recorded_surveys.insert(id, fields.clone());
            }
            _ => {}
        }
        self.last = Some(entry);
        Ok(())
    }

    fn shared(
        &mut self,
        receipt: &str,
        at: &str,
        digest: Hash,
        bound: bool,
    ) -> Result<(), Problem> {
        if let Some((since, until)) = self.filter() {
            let day = at.get(..10).unwrap_or("");
            let before = since.as_deref().is_some_and(|s| day < s);
            let after = until.as_deref().is_some_and(|u| day > u);
            if before || after {
                return Ok(());
            }
        }
        let slot = Slot {
            id: pack(receipt).unwrap_or(u64::MAX),
            digest: short(&digest),
        };
        if let Some((record, entry)) = self.receipts.pair(Side::Entries, slot) {
            compare(&record, &entry)?;
        }
        if bound {
            self.bound += 1;
        } else {
            self.unbound += 1;
        }
        self.entry_chain.update(digest);
        Ok(())
    }

    /// The checks that need the whole file: sizes, root, what was left
    /// unmatched, device data, months, surveys and the export's own entry.
    pub fn finish(self, claimed_size: u64, claimed_root: &str) -> Result<Verified, Problem> {
        let size = self.tree.len();
        if claimed_size != size {
            return Err(Problem::WrongSize {
                claimed: claimed_size,
                found: size,
            });
        }
        let root = self.tree.root();
        let root_hex = crate::proof::merkle::to_hex(&root);
        if !claimed_root.eq_ignore_ascii_case(&root_hex) {
            return Err(Problem::WrongRoot {
                claimed: claimed_root.to_string(),
                computed: root_hex,
            });
        }
        if let Some(c) = self.checkpoint
            && c.size > size
        {
            return Err(Problem::Inconsistent {
                checkpoint: c.to_string(),
                detail: format!("it has {} entries, this export only {size}", c.size),
            });
        }
        if let Some(slot) = self.receipts.waiting.front() {
            return Err(record_problem(
                format!("receipt {}", unpack(slot.id)),
                match self.receipts.side {
                    Side::Records => {
                        "is in the export but the ledger has no receipt_shared entry for it"
                    }
                    Side::Entries => "is in the ledger but missing from the export",
                },
            ));
        }
        if self.record_chain.clone().finalize() != self.entry_chain.clone().finalize() {
            return Err(Problem::Unreadable(
                "the receipts differ from the ledger's entries".into(),
            ));
        }
        let partial = self.filter().is_some();
        for (id, (_, side)) in &self.deleted {
            match side {
                Side::Records => {
                    return Err(record_problem(
                        format!("receipt {}", unpack(*id)),
                        "is exported as deleted but the ledger has no deletion",
                    ));
                }
                Side::Entries if !partial || self.live.contains(id) => {
                    return Err(record_problem(
                        format!("receipt {}", unpack(*id)),
                        "is exported as live but the ledger records its deletion",
                    ));
                }
                Side::Entries => {}
            }
        }
        if !self.consents.waiting.is_empty()
            || self.consent_chain.clone().finalize() != self.consent_entry_chain.clone().finalize()
        {
            return Err(record_problem(
                "the consents",
                "list changes that the ledger does not hold, or miss some it holds",
            ));
        }
        let version = self
            .head
            .get("version")
            .and_then(Value::as_u64)
            .unwrap_or(1);
        if version > FORMAT_VERSION {
            return Err(Problem::Unreadable(format!(
                "it is an export of version {version}, newer than this panel reads ({FORMAT_VERSION}); update panel"
            )));
        }
        self.check_device()?;
        self.check_months()?;
        self.check_surveys()?;
        if version >= 2 {
            self.check_bindings()?;
        }
        let scope = match self.filter() {
            None => "full".to_string(),
            Some((since, until)) => format!(
                "partial: receipts submitted {} to {}",
                since.as_deref().unwrap_or("(any)"),
                until.as_deref().unwrap_or("(any)")
            ),
        };
        Ok(Verified {
            size,
            root,
            receipts: self.listed,
            bound: self.bound,
            unbound: self.unbound,
            scope,
            version,
            extends: self.checkpoint,
            bom: false,
        })
    }

    fn check_device(&self) -> Result<(), Problem> {
        let Some(sharing) = self.head.get("device_shared").and_then(Value::as_object) else {
            return Ok(());
        };
        let consent = sharing.get("consent").and_then(Value::as_bool);
        let since = text(sharing, "since");
        let (granted, at) = match &self.device {
            Some((granted, at)) => (*granted, Some(at.as_str())),
            None => (false, None),
        };
        if consent != Some(granted) || since != at {
            return Err(record_problem(
                "the export's device_shared",
                format!(
                    "says consent {} since {}, but the ledger's last device consent is {granted} since {}",
                    consent.map_or("missing".into(), |c| c.to_string()),
                    since.unwrap_or("never"),
                    at.unwrap_or("never")
                ),
            ));
        }
        Ok(())
    }

    fn check_months(&self) -> Result<(), Problem> {
        let charities: HashSet<&str> = self
            .head
            .get("charities")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|c| c.get("id").and_then(Value::as_str))
            .collect();
        let mut seen = HashSet::new();
        for reward in &self.rewards {
            let month = text(reward, "month").unwrap_or_default();
            let name = format!("month {month}");
            seen.insert(month);
            let destination = text(reward, "destination").unwrap_or_default();
            if let Some(id) = destination.strip_prefix("charity:")
                && !charities.contains(id)
            {
                return Err(record_problem(
                    name,
                    format!("goes to charity {id:?}, which is not on the program's list"),
                ));
            }
            let int = |key: &str| reward.get(key).and_then(Value::as_i64).unwrap_or(0);
            if int("total_minor") != int("reward_minor") + int("survey_minor") {
                return Err(record_problem(
                    name,
                    "has a total that is not its reward plus its surveys",
                ));
            }
            if reward.get("closed_at").is_none_or(Value::is_null) {
                continue;
            }
            let Some(entry) = self.closed.get(month) else {
                return Err(record_problem(
                    name,
                    "is exported as closed but the ledger has no month_closed entry for it",
                ));
            };
            for key in [
                "counted",
                "receipts",
                "reward_minor",
                "surveys",
                "survey_minor",
                "currency",
                "destination",
            ] {
                if reward.get(key) != entry.get(key) {
                    return Err(record_problem(
                        name,
                        format!(
                            "has {key} {} but the ledger's month_closed entry has {}",
                            reward.get(key).unwrap_or(&Value::Null),
                            entry.get(key).unwrap_or(&Value::Null)
                        ),
                    ));
                }
            }
            if reward.get("closed_at") != entry.get("at") {
                return Err(record_problem(
                    name,
                    "has a closing time that differs from the ledger",
                ));
            }
        }
        if let Some(month) = self.closed.keys().find(|m| !seen.contains(m.as_str())) {
            return Err(record_problem(
                format!("month {month}"),
                "was closed in the ledger but is missing from the export",
            ));
        }
        Ok(())
    }

    fn check_surveys(&self) -> Result<(), Problem> {
        let mut seen = HashSet::new();
        for survey in &self.surveys {
            let id = text(survey, "id").unwrap_or_default();
            let name = format!("survey {id}");
            seen.insert(id);
            let Some(entry) = self.recorded_surveys.get(id) else {
                return Err(record_problem(
                    name,
                    "has no survey_recorded entry in the ledger",
                ));
            };
            for (key, entry_key) in [
                ("month", "month"),
                ("reward_minor", "reward_minor"),
                ("currency", "currency"),
                ("recorded_at", "at"),
            ] {
                if survey.get(key) != entry.get(entry_key) {
                    return Err(record_problem(
                        name,
                        format!("has a {key} that differs from the ledger"),
                    ));
                }
            }
        }
        if let Some(id) = self
            .recorded_surveys
            .keys()
            .find(|id| !seen.contains(id.as_str()))
        {
            return Err(record_problem(
                format!("survey {id}"),
                "is in the ledger but missing from the export",
            ));
        }
        Ok(())
    }

    /// The export's own `export_made` entry, the last, binds its head,
    /// rewards and surveys.
    fn check_bindings(&self) -> Result<(), Problem> {
        let own = self.last.as_ref().and_then(|e| match &e.detail {
            Detail::Fields(fields) if e.event == "export_made" && fields.contains_key("head") => {
                Some(fields)
            }
            _ => None,
        });
        let Some(own) = own else {
            return Err(Problem::Unreadable(
                "the ledger's last entry is not this export's export_made entry: entries were \
                 removed from or added to its end"
                    .into(),
            ));
        };
        let bound = |key: &str| text(own, key).unwrap_or_default().to_string();
        let head = digest(&head_of(&self.head)).map_err(|e| {
            record_problem("the export's head", format!("is not canonical JSON: {e}"))
        })?;
        if head != bound("head") {
            return Err(record_problem(
                "the export's head",
                "(program, charities, device data, filter or GDPR notes) differs from what its \
                 export_made entry binds",
            ));
        }
        let rewards = own.get("rewards").and_then(Value::as_object);
        let rewards = rewards.cloned().unwrap_or_default();
        for reward in &self.rewards {
            let month = text(reward, "month").unwrap_or_default();
            let d = digest(&Value::Object(reward.clone())).ok();
            if d.as_deref() != rewards.get(month).and_then(Value::as_str) {
                return Err(record_problem(
                    format!("month {month}"),
                    "differs from the reward that the export's export_made entry binds",
                ));
            }
        }
        if rewards.len() != self.rewards.len() {
            let month = rewards
                .keys()
                .find(|m| !self.rewards.iter().any(|r| text(r, "month") == Some(m)));
            return Err(record_problem(
                format!("month {}", month.map_or("?", String::as_str)),
                "is bound by the export_made entry but missing from the export",
            ));
        }
        let surveys = Value::Array(self.surveys.iter().cloned().map(Value::Object).collect());
        if digest(&surveys).ok() != Some(bound("surveys")) {
            return Err(record_problem(
                "the surveys",
                "differ from what the export's export_made entry binds: a survey was added, \
                 removed or changed",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_pack_and_unpack() {
        for id in ["abcdefghij", "2345672345", "zzzzzzzzzz", "aaaaaaaaaa"] {
            assert_eq!(unpack(pack(id).unwrap()), id);
        }
        for bad in ["abc", "ABCDEFGHIJ", "abcdefghi1", "abcdefghijk"] {
            assert_eq!(pack(bad), None, "{bad}");
        }
    }
}
