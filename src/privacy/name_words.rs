//! How much a line of words looks like a person's name, for names printed
//! without any label (a proprietor's name above the shop's, a member's
//! name beside the points).
//!
//! Without a label the words themselves must speak. Three features, each
//! a count over the line's words:
//! - a word is a common given name or family name of the panel's
//!   countries (Malaysian Chinese, Malay, Indian, English, German,
//!   French);
//! - a word has the shape of one romanised Chinese syllable (`WOON`,
//!   `CHYE`), as the given names of Malaysian Chinese are written;
//! - a word is one receipts print for other things: the till's vocabulary,
//!   a company or trade word, an address word. One such word and the line
//!   is no name.
//!
//! `name_score` adds fixed weights; `unlabelled` takes the counts
//! ([`name_word_counts`]) as features of a learned scorer that also weighs
//! where the line stands.

use std::sync::OnceLock;

use super::text::{FoldedWords, is_receipt_word};

/// The weight of a known name word and of a syllable-shaped word.
const KNOWN: i32 = 2;
const SYLLABLE: i32 = 1;

/// The score of a line's words as a name: the sum of the words' weights,
/// or `None` when a word cannot be part of a name.
pub(crate) fn name_score(words: &[&str]) -> Option<i32> {
    if words.is_empty() {
        return None;
    }
    let mut score = 0;
    for word in words {
        let word = word.trim_end_matches(['.', ',']);
        if word.is_empty() || !word.chars().all(|c| c.is_alphabetic() || "'-".contains(c)) {
            return None;
        }
        if is_other_word(word) {
            return None;
        }
        if is_known_name(word) {
            score += KNOWN;
        } else if romanised_syllable(word) {
            score += SYLLABLE;
        }
    }
    Some(score)
}

/// How many of a line's words are known names, how many more have the
/// shape of a romanised syllable, and how many are words receipts print
/// for other things (or hold more than letters): the features a learned
/// scorer weighs where [`name_score`] adds fixed weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct NameWordCounts {
    pub known: usize,
    pub syllables: usize,
    pub other: usize,
}

pub(crate) fn name_word_counts(words: &[&str]) -> NameWordCounts {
    let mut counts = NameWordCounts::default();
    for word in words {
        let word = word.trim_end_matches(['.', ',']);
        if word.is_empty()
            || !word.chars().all(|c| c.is_alphabetic() || "'-".contains(c))
            || is_other_word(word)
        {
            counts.other += 1;
        } else if is_known_name(word) {
            counts.known += 1;
        } else if romanised_syllable(word) {
            counts.syllables += 1;
        }
    }
    counts
}

/// Whether the word is one of the common given or family names listed.
pub(crate) fn is_known_name(word: &str) -> bool {
    names().contains(word)
}

/// Words receipts print that are not names: the till's vocabulary, trade
/// and company words, address words.
pub(crate) fn is_other_word(word: &str) -> bool {
    is_receipt_word(word) || others().contains(word)
}

/// Whether the word is a company or trade word (`SDN`, `ENTERPRISE`).
pub(crate) fn is_company_word(word: &str) -> bool {
    companies().contains(word)
}

/// Whether the word is one postal addresses print (`JALAN`, `Straße`).
pub(crate) fn is_address_word(word: &str) -> bool {
    addresses().contains(word)
}

fn names() -> &'static FoldedWords {
    static LIST: OnceLock<FoldedWords> = OnceLock::new();
    LIST.get_or_init(|| FoldedWords::new(&[CHINESE, MALAY, INDIAN, WESTERN]))
}

fn companies() -> &'static FoldedWords {
    static LIST: OnceLock<FoldedWords> = OnceLock::new();
    LIST.get_or_init(|| FoldedWords::new(&[COMPANY]))
}

fn addresses() -> &'static FoldedWords {
    static LIST: OnceLock<FoldedWords> = OnceLock::new();
    LIST.get_or_init(|| FoldedWords::new(&[ADDRESS]))
}

fn others() -> &'static FoldedWords {
    static LIST: OnceLock<FoldedWords> = OnceLock::new();
    LIST.get_or_init(|| FoldedWords::new(&[COMPANY, TRADE, ADDRESS]))
}

/// One romanised Chinese syllable: an onset, a vowel cluster and an
/// ending (`n`, `ng`, `m`, `h`, `k`, `t`, `p`), at most six letters, with
/// a doubled vowel or a final consonant cluster as Malaysian spellings
/// write them (`YANN`, `WOON`, `CHYE`).
pub(crate) fn romanised_syllable(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    if !(2..=6).contains(&w.len()) || !w.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    const ONSETS: &[&str] = &[
        "chy", "ch", "sh", "zh", "ng", "ts", "hw", "kh", "th", "ph", "b", "c", "d", "f", "g", "h",
        "j", "k", "l", "m", "n", "p", "q", "s", "t", "w", "x", "y", "z", "",
    ];
    const ENDINGS: &[&str] = &["nn", "ng", "n", "m", "h", "k", "t", "p", ""];
    let vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    ONSETS.iter().any(|onset| {
        let Some(rest) = w.strip_prefix(onset) else {
            return false;
        };
        ENDINGS.iter().any(|end| {
            let Some(middle) = rest.strip_suffix(end) else {
                return false;
            };
            (1..=3).contains(&middle.len())
                && middle.bytes().all(vowel)
                && !middle.starts_with('y')
                && !(onset.is_empty() && end.is_empty() && middle.len() < 2)
        })
    })
}

// Common family and given names. Words that are just as often plain
// words on a receipt (`LOW`, `SEE`, `LONG`, `SUN`) are left out.
#[rustfmt::skip]
const CHINESE: &[&str] = &[
    "tan", "lim", "lee", "ng", "ong", "wong", "goh", "chua", "chan", "koh", "teo", "ang", "yeo",
    "tay", "toh", "sim", "chong", "chia", "foo", "leong", "loh", "yap", "khoo", "lau", "chew",
    "liew", "cheah", "soh", "kang", "ooi", "lai", "chin", "choo", "chee", "chai", "chow", "chu",
    "fong", "gan", "hew", "heng", "hoo", "kwan", "kwok", "lam", "leow", "liang", "lin", "liu",
    "loke", "looi", "mah", "mok", "neo", "pang", "phang", "poh", "quek", "seah", "seow", "siew",
    "siow", "soo", "tee", "teh", "tiong", "wee", "woo", "yee", "yeoh", "yong", "zhang", "wang",
    "chen", "zhao", "huang", "zhou", "xu", "zhu", "guo", "luo", "zheng", "xie", "feng", "deng",
    "cao", "zeng", "xiao", "tian", "yuan", "cai", "jiang", "cheng", "wei", "shen", "yao", "cui",
    "zhong", "liao", "xiong", "qin", "qiu", "xue", "choy", "chung", "kok", "khor", "koay", "kuan",
    "lew", "lum", "ngan", "sia", "siah", "thong", "yau", "yip", "yuen", "chiam", "chiang", "chiew",
    "choong", "foong", "hii", "keh", "liow", "lok", "pua", "sng", "tham", "voon", "yew", "yoong",
    "wai", "mun", "kit", "hui", "mei", "ling", "yin", "siu", "kah", "keat", "kheng", "boon",
    "beng", "hock", "seng", "meng", "ming", "hwa", "hua", "jia", "xin", "jun", "jie", "hao", "yi",
    "wen", "kai", "zhi", "yun",
];

#[rustfmt::skip]
const MALAY: &[&str] = &[
    "muhammad", "mohd", "mohamad", "mohamed", "muhamad", "mohammad", "ahmad", "abdul", "abd",
    "siti", "nur", "nor", "noor", "nurul", "aisyah", "aishah", "fatimah", "zainab", "aminah",
    "ali", "hassan", "hasan", "hussain", "husin", "ismail", "ibrahim", "yusof", "yusoff", "yusuf",
    "azlan", "azman", "aziz", "rahman", "rahim", "razak", "hamid", "hakim", "hafiz", "haziq",
    "amir", "amirul", "arif", "aiman", "faiz", "farid", "faizal", "faisal", "firdaus", "hafizah",
    "hidayah", "izzah", "izzati", "nabila", "nadia", "najwa", "norazlina", "norliza", "rosli", "roslan", "rashid", "razali", "salleh", "samad", "shafiq",
    "shafik", "shahrul", "sharifah", "syafiq", "syed", "zulkifli", "zaini", "zainal",
    "azizah", "halim", "kamal", "kamarul", "khairul", "mazlan", "mustafa", "nasir", "osman",
    "othman", "ramli", "rahmat", "saiful", "sulaiman", "yahya", "zakaria", "anis", "aqilah",
    "puteri", "putri", "dayang", "awang", "liyana", "farah", "adibah", "shahira", "nurin", "amira", "alia", "aina", "hanis", "haslinda", "rohani", "rosnah",
    "salmah", "fauzi", "fadzil", "ridzuan", "rizal", "hakimi", "syahmi", "danial", "irfan",
    "aidil", "iskandar", "johari", "jamal", "jamil", "idris", "omar", "umar", "usman", "zul",
];

#[rustfmt::skip]
const INDIAN: &[&str] = &[
    "kumar", "raj", "rajesh", "ramesh", "suresh", "ganesh", "muthu", "murugan", "devi", "lakshmi",
    "priya", "kavitha", "selvam", "selvi", "krishnan", "krishna", "subramaniam", "ramasamy",
    "arumugam", "rajan", "raju", "siva", "sivakumar", "vijay", "anand", "arun", "kannan", "mohan",
    "nair", "pillai", "singh", "kaur", "gopal", "ravi", "shankar", "velu", "perumal", "maniam",
    "pandian", "biswas", "gurung", "tamang", "thapa", "magar", "shrestha", "hossain",
    "uddin", "akter", "begum", "miah", "sharma", "gupta", "das",
];

#[rustfmt::skip]
const WESTERN: &[&str] = &[
    "john", "jane", "james", "mary", "david", "michael", "peter", "paul", "alex", "alexander",
    "anna", "anne", "lisa", "sarah", "emma", "thomas", "daniel", "chris", "christopher", "jason",
    "kevin", "steven", "stephen", "andrew", "brian", "eric", "jessica", "jennifer", "michelle",
    "linda", "susan", "karen", "nancy", "amy", "joyce", "vivian", "winnie", "jacky", "ivan",
    "kelvin", "calvin", "vincent", "alan", "allen", "benjamin", "catherine", "cheryl", "cindy",
    "elaine", "elizabeth", "fiona", "helen", "irene", "janet", "jenny", "joanne", "joan", "julie",
    "kelly", "lucy", "maggie", "mandy", "melissa", "nicole", "olivia", "rachel", "rebecca",
    "sally", "samuel", "sandy", "sharon", "shirley", "sophia", "stella", "teresa", "tiffany",
    "tina", "tracy", "vanessa", "wendy", "yvonne", "hans", "klaus", "jürgen", "stefan",
    "andreas", "wolfgang", "uwe", "dieter", "günter", "ursula", "petra", "sabine", "monika",
    "andrea", "claudia", "susanne", "katrin", "julia", "lena", "laura", "lukas", "müller",
    "schmidt", "schneider", "fischer", "weber", "meyer", "wagner", "becker", "schulz", "hoffmann",
    "richter", "schröder", "neumann", "zimmermann", "krüger", "hofmann", "hartmann", "schmitt",
    "krause", "meier", "lehmann", "jean", "pierre", "marie", "michel", "philippe", "alain",
    "nicolas", "françois", "christophe", "sophie", "isabelle", "nathalie", "camille", "julien",
    "claire", "amélie", "bernard", "dubois", "durand", "leroy", "moreau", "laurent", "lefebvre",
    "fournier", "girard", "mercier", "dupont", "lambert",
];

/// Company and legal-form words: a line holding one names a business.
#[rustfmt::skip]
const COMPANY: &[&str] = &[
    "sdn", "bhd", "bnd", "berhad", "s/b", "sb", "enterprise", "enterprises", "trading", "holdings",
    "company", "corporation", "corp", "ltd", "limited", "llc", "inc", "plc", "gmbh", "ag", "kg",
    "ohg", "ug", "sarl", "sas", "sa", "eurl", "co", "group", "industries", "marketing",
    "services", "resources", "ventures", "perniagaan", "syarikat", "kedai", "niaga",
];

/// Words that name what a shop sells or is.
#[rustfmt::skip]
const TRADE: &[&str] = &[
    "restaurant", "restoran", "cafe", "café", "kopitiam", "bakery", "bakeries", "hardware",
    "stationery", "stationer", "books", "bookstore", "bookstores", "pharmacy", "farmasi", "clinic",
    "klinik", "mart", "market", "minimarket", "supermarket", "hypermarket", "store", "stores",
    "food", "foods", "seafood", "kitchen", "bistro", "grill", "pizza", "burger", "sushi", "thai",
    "express", "fresh", "retail", "furnishing", "furniture", "electrical", "electric", "motor",
    "auto", "machinery", "engineering", "printing", "advertising", "optical", "textile", "tailor",
    "florist", "telecommunications", "realties", "pasar", "mini", "gourmet", "handicraft",
    "petrol", "station", "shell", "petronas", "caltex", "bhpetrol", "apotheke", "drogerie",
    "bäckerei", "metzgerei", "markt", "pharmacie", "boulangerie", "épicerie", "tabac",
];

/// Words of a postal address.
#[rustfmt::skip]
const ADDRESS: &[&str] = &[
    "jalan", "jln", "lorong", "taman", "tmn", "lot", "bandar", "kampung", "kg", "persiaran",
    "lebuh", "lebuhraya", "batu", "mukim", "pusat", "plaza", "mall", "floor", "level", "block",
    "blok", "unit", "street", "st", "road", "rd", "avenue", "ave", "lane", "building", "tower",
    "centre", "center", "square", "kuala", "lumpur", "selangor", "johor", "bahru", "penang",
    "pinang", "perak", "kedah", "melaka", "pahang", "sabah", "sarawak", "negeri", "sembilan",
    "kelantan", "terengganu", "perlis", "putrajaya", "labuan", "shah", "alam", "petaling", "jaya",
    "subang", "klang", "kajang", "cheras", "ampang", "puchong", "damansara", "kepong", "straße",
    "strasse", "str", "weg", "platz", "allee", "rue", "avenue", "boulevard", "bd", "place",
    "chemin", "impasse",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_score_and_other_words_do_not() {
        assert_eq!(name_score(&["LIM", "MEI", "LING"]), Some(6));
        assert_eq!(name_score(&["Jana", "Weber"]), Some(2));
        assert_eq!(name_score(&["QUAH", "WOON", "YANN"]), Some(3));
        assert_eq!(name_score(&["GREEN", "LEAF", "SDN", "BHD"]), None);
        assert_eq!(name_score(&["TOTAL", "LIM"]), None);
        assert_eq!(name_score(&["LIM", "2"]), None);
        assert_eq!(name_score(&["RICE", "BOWL"]), Some(0));
        assert_eq!(name_score(&[]), None);
    }

    #[test]
    fn counts_tell_known_names_syllables_and_other_words_apart() {
        let counts = name_word_counts(&["LIM", "WOON", "SDN", "BREAD", "A1"]);
        assert_eq!(
            counts,
            NameWordCounts {
                known: 1,
                syllables: 1,
                other: 2
            }
        );
    }

    #[test]
    fn syllables_have_the_shape_of_romanised_chinese() {
        for word in [
            "WOON", "YANN", "CHYE", "GUAT", "HOCK", "SIEW", "AH", "NG", "TEO",
        ] {
            assert!(romanised_syllable(word) || is_known_name(word), "{word}");
        }
        for word in ["STONE", "BREAD", "A", "MARKET", "CHARGE"] {
            assert!(!romanised_syllable(word), "{word}");
        }
    }
}
