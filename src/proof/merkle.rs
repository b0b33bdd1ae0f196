//! RFC 9162 (Certificate Transparency 2.0) Merkle tree hashing for the audit log.
//!
//! The audit log is append-only, and the Merkle tree is what lets anyone check
//! that: an inclusion proof shows an entry is in a tree head, and a consistency
//! proof shows a later tree head extends an earlier one without rewriting it.
//! Following RFC 9162 section 2.1 exactly, with SHA-256 and the 0x00 leaf and
//! 0x01 node prefixes, means the log's tree heads and proofs can be checked with
//! any Certificate Transparency tooling, not only with this program.

use data_encoding::{HEXLOWER, HEXLOWER_PERMISSIVE};
use sha2::{Digest, Sha256};

/// A SHA-256 digest: a leaf hash, an interior node hash or a tree head.
pub type Hash = [u8; 32];

/// The root of the empty tree, SHA-256 of the empty string.
pub const EMPTY_ROOT: Hash = [
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
];

/// Hash of one log entry: SHA-256(0x00 || entry).
pub fn leaf_hash(entry: &[u8]) -> Hash {
    Sha256::new()
        .chain_update([0x00])
        .chain_update(entry)
        .finalize()
        .into()
}

/// Hash of an interior node: SHA-256(0x01 || left || right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    Sha256::new()
        .chain_update([0x01])
        .chain_update(left)
        .chain_update(right)
        .finalize()
        .into()
}

/// The Merkle Tree Hash (MTH) of a list of leaf hashes.
pub fn root(leaves: &[Hash]) -> Hash {
    match leaves {
        [] => EMPTY_ROOT,
        [leaf] => *leaf,
        _ => {
            let (left, right) = leaves.split_at(split(leaves.len()));
            node_hash(&root(left), &root(right))
        }
    }
}

/// The largest power of two smaller than `n`, for `n >= 2`: where RFC 9162
/// splits a tree of `n` leaves into its left and right subtrees.
fn split(n: usize) -> usize {
    1 << (n - 1).ilog2()
}

/// Computes the tree head of a stream of leaf hashes in O(log n) memory.
///
/// It keeps the roots of the perfect subtrees that the leaves so far fill, at
/// most one of each height, largest first. A tree of n leaves splits at the
/// largest power of two below n, so its left side is the first of those
/// subtrees and its right side is the tree of the rest: the tree head is the
/// subtree roots folded together from the right.
#[derive(Debug, Clone, Default)]
pub struct RootBuilder {
    subtrees: Vec<(u32, Hash)>,
    len: u64,
}

impl RootBuilder {
    /// A builder for the empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends the next leaf hash.
    pub fn push(&mut self, leaf: Hash) {
        let mut height = 0;
        let mut hash = leaf;
        while let Some(&(top_height, top_hash)) = self.subtrees.last() {
            if top_height != height {
                break;
            }
            self.subtrees.pop();
            hash = node_hash(&top_hash, &hash);
            height += 1;
        }
        self.subtrees.push((height, hash));
        self.len += 1;
    }

    /// How many leaves have been pushed.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether no leaf has been pushed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The tree head of the leaves pushed so far.
    pub fn root(&self) -> Hash {
        let mut subtrees = self.subtrees.iter().rev().map(|&(_, hash)| hash);
        match subtrees.next() {
            None => EMPTY_ROOT,
            Some(last) => subtrees.fold(last, |right, left| node_hash(&left, &right)),
        }
    }
}

impl Extend<Hash> for RootBuilder {
    fn extend<I: IntoIterator<Item = Hash>>(&mut self, leaves: I) {
        for leaf in leaves {
            self.push(leaf);
        }
    }
}

/// The audit path of leaf `index` in the tree of `leaves`, nearest sibling
/// first (RFC 9162 section 2.1.3.1).
///
/// # Panics
///
/// If `index` is not a leaf of the tree.
pub fn inclusion_proof(leaves: &[Hash], index: usize) -> Vec<Hash> {
    assert!(
        index < leaves.len(),
        "leaf {index} is outside a tree of {} leaves",
        leaves.len()
    );
    let mut proof = Vec::new();
    push_path(&mut proof, leaves, index);
    proof
}

fn push_path(proof: &mut Vec<Hash>, leaves: &[Hash], index: usize) {
    if leaves.len() <= 1 {
        return;
    }
    let (left, right) = leaves.split_at(split(leaves.len()));
    if index < left.len() {
        push_path(proof, left, index);
        proof.push(root(right));
    } else {
        push_path(proof, right, index - left.len());
        proof.push(root(left));
    }
}

/// Checks that `leaf_hash` is leaf `index` of the tree of `size` leaves whose
/// head is `root` (RFC 9162 section 2.1.3.2).
///
/// The proof binds the leaf to `root`, not to `size`: take both from the same
/// signed tree head.
pub fn verify_inclusion(
    leaf_hash: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
    root: &Hash,
) -> bool {
    if index >= size {
        return false;
    }
    // The RFC's fn and sn: the node's and the last node's index at the current level.
    let (mut fn_, mut sn) = (index, size - 1);
    let mut r = *leaf_hash;
    for p in proof {
        if sn == 0 {
            return false;
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(p, &r);
            while fn_ & 1 == 0 && fn_ != 0 {
                fn_ >>= 1;
                sn >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    sn == 0 && r == *root
}

/// The proof that the tree of `leaves` extends its first `old_size` leaves
/// (RFC 9162 section 2.1.4.1). It is empty when there is nothing to prove:
/// `old_size` is 0 or the whole tree.
///
/// # Panics
///
/// If `old_size` is larger than the tree.
pub fn consistency_proof(leaves: &[Hash], old_size: usize) -> Vec<Hash> {
    assert!(
        old_size <= leaves.len(),
        "an old size of {old_size} is larger than the tree of {} leaves",
        leaves.len()
    );
    let mut proof = Vec::new();
    if old_size > 0 {
        push_subproof(&mut proof, leaves, old_size, true);
    }
    proof
}

/// SUBPROOF(m, D[n], b) of RFC 9162: `whole_old_tree` says whether `leaves[..m]`
/// is the entire old tree, whose root the verifier already holds.
fn push_subproof(proof: &mut Vec<Hash>, leaves: &[Hash], m: usize, whole_old_tree: bool) {
    if m == leaves.len() {
        if !whole_old_tree {
            proof.push(root(leaves));
        }
        return;
    }
    let (left, right) = leaves.split_at(split(leaves.len()));
    if m <= left.len() {
        push_subproof(proof, left, m, whole_old_tree);
        proof.push(root(right));
    } else {
        push_subproof(proof, right, m - left.len(), false);
        proof.push(root(left));
    }
}

/// Checks that the tree of `new_size` leaves with head `new_root` extends the
/// tree of `old_size` leaves with head `old_root` (RFC 9162 section 2.1.4.2).
///
/// Equal sizes need an empty proof and equal heads; an empty old tree needs an
/// empty proof and the empty tree's head. As with inclusion, `new_size` is
/// bound only through the tree head it was signed with.
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> bool {
    if old_size > new_size {
        return false;
    }
    if old_size == new_size {
        return proof.is_empty() && old_root == new_root;
    }
    if old_size == 0 {
        return proof.is_empty() && *old_root == EMPTY_ROOT;
    }
    let Some((first, rest)) = proof.split_first() else {
        return false;
    };
    // A power-of-two old tree is a single subtree of the new one, so the proof
    // leaves out the old head and the verifier starts from it.
    let (start, path) = if old_size.is_power_of_two() {
        (old_root, proof)
    } else {
        (first, rest)
    };
    // The RFC's fn and sn, as in `verify_inclusion`.
    let (mut fn_, mut sn) = (old_size - 1, new_size - 1);
    while fn_ & 1 == 1 {
        fn_ >>= 1;
        sn >>= 1;
    }
    let (mut fr, mut sr) = (*start, *start);
    for c in path {
        if sn == 0 {
            return false;
        }
        if fn_ & 1 == 1 || fn_ == sn {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while fn_ & 1 == 0 && fn_ != 0 {
                fn_ >>= 1;
                sn >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    fr == *old_root && sr == *new_root && sn == 0
}

/// Lowercase hex, the form hashes are shown and stored in.
pub fn to_hex(bytes: &[u8]) -> String {
    HEXLOWER.encode(bytes)
}

/// Why a text is not a hash.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HexError {
    /// The text is not hexadecimal.
    #[error("not hexadecimal: {0}")]
    NotHex(#[from] data_encoding::DecodeError),
    /// The text decodes to the wrong number of bytes.
    #[error("a hash is 32 bytes, not {0}")]
    WrongLength(usize),
}

/// Parses a hash written in hex, in either case.
pub fn from_hex(text: &str) -> Result<Hash, HexError> {
    let bytes = HEXLOWER_PERMISSIVE.decode(text.as_bytes())?;
    Hash::try_from(bytes.as_slice()).map_err(|_| HexError::WrongLength(bytes.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(text: &str) -> Hash {
        from_hex(text).unwrap()
    }

    /// The leaves and tree heads that Certificate Transparency implementations
    /// test against (transparency-dev/merkle, certificate-transparency-go).
    const CT_ENTRIES: [&[u8]; 8] = [
        b"",
        b"\x00",
        b"\x10",
        b"\x20\x21",
        b"\x30\x31",
        b"\x40\x41\x42\x43",
        b"\x50\x51\x52\x53\x54\x55\x56\x57",
        b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
    ];

    /// CT_ROOTS[n - 1] is the head of the tree of the first n entries.
    const CT_ROOTS: [&str; 8] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    /// (index, size, proof), with 0-based indices.
    const CT_INCLUSION: [(usize, usize, &[&str]); 4] = [
        (
            0,
            8,
            &[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            5,
            8,
            &[
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
        (
            2,
            3,
            &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
        ),
        (
            1,
            5,
            &[
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ],
        ),
    ];

    /// (old size, new size, proof).
    const CT_CONSISTENCY: [(usize, usize, &[&str]); 5] = [
        (1, 1, &[]),
        (
            1,
            8,
            &[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            6,
            8,
            &[
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
        (
            2,
            5,
            &[
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ],
        ),
        (
            6,
            7,
            &[
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
    ];

    fn ct_leaves() -> Vec<Hash> {
        CT_ENTRIES.iter().map(|entry| leaf_hash(entry)).collect()
    }

    fn hashes(texts: &[&str]) -> Vec<Hash> {
        texts.iter().map(|text| h(text)).collect()
    }

    fn test_leaves(n: usize) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    /// Each proof with one bit flipped, one hash dropped or one hash added.
    fn tampered(proof: &[Hash]) -> Vec<Vec<Hash>> {
        let mut out = Vec::new();
        for i in 0..proof.len() {
            let mut flipped = proof.to_vec();
            flipped[i][i % 32] ^= 0x10;
            out.push(flipped);
            let mut dropped = proof.to_vec();
            dropped.remove(i);
            out.push(dropped);
        }
        for i in 0..=proof.len() {
            let mut added = proof.to_vec();
            added.insert(i, EMPTY_ROOT);
            out.push(added);
        }
        out
    }

    #[test]
    fn empty_tree() {
        assert_eq!(
            to_hex(&root(&[])),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(EMPTY_ROOT, <[u8; 32]>::from(Sha256::digest(b"")));
        assert_eq!(RootBuilder::new().root(), EMPTY_ROOT);
    }

    #[test]
    fn ct_roots() {
        let leaves = ct_leaves();
        assert_eq!(leaves[0], h(CT_ROOTS[0]));
        for n in 1..=8 {
            assert_eq!(to_hex(&root(&leaves[..n])), CT_ROOTS[n - 1], "size {n}");
        }
    }

    #[test]
    fn ct_inclusion_proofs() {
        let leaves = ct_leaves();
        for (index, size, expected) in CT_INCLUSION {
            let proof = inclusion_proof(&leaves[..size], index);
            assert_eq!(proof, hashes(expected), "leaf {index} of {size}");
            let (leaf, head) = (leaves[index], h(CT_ROOTS[size - 1]));
            let (i, n) = (index as u64, size as u64);
            assert!(verify_inclusion(&leaf, i, n, &proof, &head));

            let wrong_leaf = leaf_hash(b"WrongLeaf");
            let probes = [
                (leaf, i.wrapping_sub(1), n, head),
                (leaf, i + 1, n, head),
                (leaf, i ^ 2, n, head),
                (leaf, i, n * 2, head),
                (leaf, i, n / 2, head),
                (wrong_leaf, i, n, head),
                (leaf, i, n, EMPTY_ROOT),
            ];
            for (leaf, i, n, head) in probes {
                assert!(!verify_inclusion(&leaf, i, n, &proof, &head));
            }
            for bad in tampered(&proof) {
                assert!(!verify_inclusion(&leaf, i, n, &bad, &head));
            }
        }
    }

    #[test]
    fn ct_consistency_proofs() {
        let leaves = ct_leaves();
        for (old, new, expected) in CT_CONSISTENCY {
            let proof = consistency_proof(&leaves[..new], old);
            assert_eq!(proof, hashes(expected), "{old} to {new}");
            let (old_root, new_root) = (h(CT_ROOTS[old - 1]), h(CT_ROOTS[new - 1]));
            let (m, n) = (old as u64, new as u64);
            assert!(verify_consistency(m, n, &old_root, &new_root, &proof));
            if proof.is_empty() {
                continue;
            }

            let probes = [
                (m - 1, n, old_root, new_root),
                (m + 1, n, old_root, new_root),
                (m ^ 2, n, old_root, new_root),
                (m, n * 2, old_root, new_root),
                (m, n / 2, old_root, new_root),
                (m, n, new_root, old_root),
                (m, n, EMPTY_ROOT, new_root),
                (m, n, old_root, EMPTY_ROOT),
            ];
            for (m, n, old_root, new_root) in probes {
                assert!(!verify_consistency(m, n, &old_root, &new_root, &proof));
            }
            let mut bad_proofs = tampered(&proof);
            bad_proofs.push(Vec::new());
            for extra in [old_root, new_root, proof[0]] {
                bad_proofs.push([&[extra], proof.as_slice()].concat());
                bad_proofs.push([proof.as_slice(), &[extra]].concat());
            }
            for bad in bad_proofs {
                assert!(!verify_consistency(m, n, &old_root, &new_root, &bad));
            }
        }
    }

    #[test]
    fn builder_matches_root() {
        let leaves = test_leaves(200);
        let mut builder = RootBuilder::new();
        for n in 0..=leaves.len() {
            assert_eq!(builder.len(), n as u64);
            assert_eq!(builder.root(), root(&leaves[..n]), "size {n}");
            if let Some(&leaf) = leaves.get(n) {
                builder.push(leaf);
            }
        }
        let mut extended = RootBuilder::new();
        extended.extend(ct_leaves());
        assert_eq!(to_hex(&extended.root()), CT_ROOTS[7]);
    }

    #[test]
    fn builder_memory_is_logarithmic() {
        let mut builder = RootBuilder::new();
        for leaf in test_leaves(1000) {
            builder.push(leaf);
            assert_eq!(
                builder.subtrees.len() as u32,
                builder.len().count_ones(),
                "one subtree per set bit of the size"
            );
        }
    }

    #[test]
    fn every_inclusion_proof_up_to_40() {
        let leaves = test_leaves(40);
        for size in 1..=leaves.len() {
            let tree = &leaves[..size];
            let head = root(tree);
            let n = size as u64;
            for (index, leaf) in tree.iter().enumerate() {
                let proof = inclusion_proof(tree, index);
                let i = index as u64;
                assert!(
                    verify_inclusion(leaf, i, n, &proof, &head),
                    "{index} of {size}"
                );

                assert!(!verify_inclusion(leaf, i + 1, n, &proof, &head));
                if i > 0 {
                    assert!(!verify_inclusion(leaf, i - 1, n, &proof, &head));
                }
                assert!(!verify_inclusion(&EMPTY_ROOT, i, n, &proof, &head));
                let mut wrong_head = head;
                wrong_head[31] ^= 1;
                assert!(!verify_inclusion(leaf, i, n, &proof, &wrong_head));
                for bad in tampered(&proof) {
                    assert!(!verify_inclusion(leaf, i, n, &bad, &head));
                }
            }
        }
    }

    #[test]
    fn every_consistency_proof_up_to_40() {
        let leaves = test_leaves(40);
        for new in 0..=leaves.len() {
            let new_root = root(&leaves[..new]);
            for old in 0..=new {
                let old_root = root(&leaves[..old]);
                let proof = consistency_proof(&leaves[..new], old);
                let (m, n) = (old as u64, new as u64);
                assert!(
                    verify_consistency(m, n, &old_root, &new_root, &proof),
                    "{old} to {new}"
                );

                let mut wrong_old = old_root;
                wrong_old[0] ^= 1;
                let mut wrong_new = new_root;
                wrong_new[0] ^= 1;
                assert!(!verify_consistency(m, n, &wrong_old, &new_root, &proof));
                // Every tree extends the empty one, whatever its head.
                if old > 0 {
                    assert!(!verify_consistency(m, n, &old_root, &wrong_new, &proof));
                }
                assert!(!verify_consistency(n + 1, n, &old_root, &new_root, &proof));
                if 0 < old && old < new {
                    assert!(!verify_consistency(m - 1, n, &old_root, &new_root, &proof));
                    assert!(!verify_consistency(m + 1, n, &old_root, &new_root, &proof));
                }
                for bad in tampered(&proof) {
                    assert!(!verify_consistency(m, n, &old_root, &new_root, &bad));
                }
            }
        }
    }

    #[test]
    fn trivial_consistency() {
        let head = root(&ct_leaves());
        assert!(verify_consistency(0, 0, &EMPTY_ROOT, &EMPTY_ROOT, &[]));
        assert!(verify_consistency(0, 8, &EMPTY_ROOT, &head, &[]));
        assert!(verify_consistency(8, 8, &head, &head, &[]));
        assert!(!verify_consistency(0, 8, &head, &head, &[]));
        assert!(!verify_consistency(8, 8, &head, &EMPTY_ROOT, &[]));
        assert!(!verify_consistency(8, 8, &head, &head, &[head]));
        assert!(!verify_consistency(0, 8, &EMPTY_ROOT, &head, &[EMPTY_ROOT]));
        assert!(!verify_consistency(8, 0, &head, &EMPTY_ROOT, &[]));
    }

    #[test]
    fn inclusion_outside_the_tree_fails() {
        let leaf = leaf_hash(b"data");
        assert!(verify_inclusion(&leaf, 0, 1, &[], &leaf));
        assert!(!verify_inclusion(&leaf, 0, 0, &[], &leaf));
        assert!(!verify_inclusion(&leaf, 1, 1, &[], &leaf));
        assert!(!verify_inclusion(&leaf, 2, 1, &[], &leaf));
    }

    #[test]
    #[should_panic(expected = "outside a tree")]
    fn inclusion_proof_of_a_missing_leaf_panics() {
        inclusion_proof(&ct_leaves(), 8);
    }

    #[test]
    fn hex_round_trip() {
        let head = h(CT_ROOTS[7]);
        assert_eq!(to_hex(&head), CT_ROOTS[7]);
        assert_eq!(from_hex(&CT_ROOTS[7].to_uppercase()), Ok(head));
        assert_eq!(from_hex("abcd"), Err(HexError::WrongLength(2)));
        assert!(matches!(from_hex("zz"), Err(HexError::NotHex(_))));
        assert!(matches!(from_hex("abc"), Err(HexError::NotHex(_))));
    }
}
