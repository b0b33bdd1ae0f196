//! Health data: medicine and prescription lines, and the signs that a
//! receipt comes from a pharmacy or drugstore.
//!
//! A line is a health line when it names a medicine from a curated lexicon
//! (generic names and common brands, in English, German and French), a
//! medical product (pregnancy test, condoms, glucose strips), a dosage form
//! that only medicines take (`Filmtabletten`, `suppositoires`, `eye drops`),
//! a dosage form with a strength (`TABLETS 500MG`), or a prescription mark
//! (`Rx#`, `℞`, `Zuzahlung`, `PZN`, `ordonnance`). The whole line is the
//! finding: it is an item line, and its price says as much as its name.
//!
//! Pharmacy and drugstore names (`APOTHEKE`, `Pharmacie`, `Watsons`, …) are
//! [`markers`]: they tell the plan what kind of receipt it holds.

use std::ops::Range;
use std::sync::OnceLock;

use super::text::{End, Labels, Line, Page};

pub(super) fn find(page: &Page) -> Vec<Range<usize>> {
    page.lines
        .iter()
        .filter(|line| is_health_line(line))
        .filter_map(|line| {
            let trimmed = line.text.trim();
            let lead = line.text.len() - line.text.trim_start().len();
            (!trimmed.is_empty()).then(|| line.global(lead..lead + trimmed.len()))
        })
        .collect()
}

pub(super) fn markers(page: &Page) -> Vec<Range<usize>> {
    page.lines
        .iter()
        .flat_map(|line| {
            marker_labels()
                .find(line.text, &line.folded, End::Suffix(1))
                .into_iter()
                .map(|hit| line.global(hit.start..hit.end))
        })
        .collect()
}

#[rustfmt::skip]
fn marker_labels() -> &'static Labels<()> {
    static LABELS: OnceLock<Labels<()>> = OnceLock::new();
    LABELS.get_or_init(|| {
        Labels::new(
            &[
                "pharmacy", "pharmacie", "parapharmacie", "pharmacien", "apotheke", "apotheker",
                "drugstore", "drug store", "drug mart", "chemist", "drogeriemarkt", "dispensary",
                "farmacia", "apotek", "watsons", "guardian health", "guardian pharmacy", "rossmann",
                "superdrug", "walgreens", "rite aid", "budnikowsky", "pharmaprix",
                "shoppers drug mart",
            ]
            .map(|w| (w, ())),
        )
    })
}

fn strong_terms() -> &'static Labels<()> {
    static TERMS: OnceLock<Labels<()>> = OnceLock::new();
    TERMS.get_or_init(|| Labels::new(&STRONG.iter().map(|&w| (w, ())).collect::<Vec<_>>()))
}

fn forms() -> &'static Labels<()> {
    static FORMS_: OnceLock<Labels<()>> = OnceLock::new();
    FORMS_.get_or_init(|| Labels::new(&FORMS.iter().map(|&w| (w, ())).collect::<Vec<_>>()))
}

/// Medicines (generic names and brands), medical products and
/// prescription marks. Matched at the start of a word, with up to three
/// more letters (plurals, `-e`, `-um`) and any digits after.
#[rustfmt::skip]
const STRONG: &[&str] = &[
    // Pain, fever, inflammation.
    "paracetamol", "acetaminophen", "ibuprofen", "ibuprofène", "aspirin", "aspirine",
    "acetylsalicylsäure", "diclofenac", "naproxen", "ketoprofen", "metamizol", "novalgin",
    "tramadol", "codein", "codéine", "morphin", "oxycodon", "tilidin", "panadol", "nurofen",
    "voltaren", "dolormin", "thomapyrin", "doliprane", "dafalgan", "efferalgan", "advil", "tylenol",
    "excedrin", "spasfon", "buscopan",
    // Colds, allergies, throat.
    "cetirizin", "loratadin", "desloratadin", "fexofenadin", "levocetirizin", "xylometazolin",
    "oxymetazolin", "otrivin", "nasic", "olynth", "sinupret", "grippostad", "gelomyrtol",
    "mucosolvan", "ambroxol", "acetylcystein", "bromhexin", "strepsils", "dorithricin", "neo angin",
    "fenistil", "zyrtec", "claritin", "aerius", "telfast", "humex", "actifed", "fervex",
    "rhinadvil", "prospan",
    // Stomach and gut.
    "omeprazol", "pantoprazol", "esomeprazol", "lansoprazol", "ranitidin", "famotidin", "loperamid",
    "imodium", "iberogast", "gaviscon", "rennie", "smecta", "vomex", "dimenhydrinat",
    "metoclopramid", "domperidon", "laxoberal", "dulcolax", "movicol", "macrogol", "lactulose",
    "simeticon", "lefax", "antacid", "laxative", "laxatif", "abführmittel",
    // Chronic conditions.
    "metformin", "insulin", "glibenclamid", "sitagliptin", "simvastatin", "atorvastatin",
    "rosuvastatin", "ramipril", "lisinopril", "enalapril", "candesartan", "valsartan", "losartan",
    "amlodipin", "bisoprolol", "metoprolol", "nebivolol", "hydrochlorothiazid", "torasemid",
    "furosemid", "levothyroxin", "thyroxin", "euthyrox", "l thyrox", "warfarin", "marcumar",
    "phenprocoumon", "apixaban", "rivaroxaban", "xarelto", "eliquis", "clopidogrel", "heparin",
    "salbutamol", "ventolin", "budesonid", "beclometason", "formoterol", "tiotropium",
    "montelukast", "prednisolon", "prednison", "cortison", "hydrocortison", "methotrexat",
    "allopurinol",
    // Infections.
    "amoxicillin", "penicillin", "azithromycin", "clarithromycin", "doxycyclin", "ciprofloxacin",
    "cefuroxim", "cotrimoxazol", "nitrofurantoin", "fosfomycin", "metronidazol", "aciclovir",
    "zovirax", "clotrimazol", "canesten", "fluconazol", "nystatin", "mebendazol", "antibiotic",
    "antibiotika", "antibiotique",
    // Mind and sleep.
    "sertralin", "fluoxetin", "citalopram", "escitalopram", "paroxetin", "venlafaxin", "mirtazapin",
    "amitriptylin", "diazepam", "lorazepam", "alprazolam", "xanax", "zolpidem", "zopiclon",
    "quetiapin", "olanzapin", "risperidon", "methylphenidat", "ritalin", "antidepress",
    // Sexual and reproductive health.
    "sildenafil", "tadalafil", "viagra", "cialis", "levonorgestrel", "ellaone", "norlevo",
    "ulipristal", "contracepti", "verhütung", "pille danach", "pregnancy test",
    "schwangerschaftstest", "test de grossesse", "ovulation test", "ovulationstest", "condom",
    "kondom", "préservatif", "durex",
    // Devices and diabetes care.
    "blood glucose", "glucose test", "blutzucker", "glycémie", "teststreifen", "test strips",
    "lancet", "lanzette", "insulin pen", "inkontinenz", "incontinence",
    // Dosage forms that only medicines take.
    "filmtabletten", "filmtabl", "brausetabletten", "lutschtabletten", "schmerztabletten",
    "kopfschmerztabletten", "zäpfchen", "suppositoires", "suppositories", "augentropfen",
    "nasenspray", "nasentropfen", "ohrentropfen", "hustensaft", "hustensirup", "eye drops",
    "ear drops", "nasal spray", "spray nasal", "cough syrup", "collyre", "ointment", "pommade",
    "inhaler", "inhalator", "gélules", "comprimés pelliculés", "pastilles pour la gorge",
    "painkiller", "schmerzmittel", "antihistamin",
    // Prescription marks.
    "prescription", "kassenrezept", "privatrezept", "e rezept", "erezept", "rezeptgebühr",
    "zuzahlung", "gesetzl zuzahlung", "ordonnance", "tiers payant", "sécurité sociale", "copay",
    "dispensed", "pzn",
];

/// Dosage forms that need a strength on the line to mean medicine; whole
/// words only.
#[rustfmt::skip]
const FORMS: &[&str] = &[
    "tablet", "tablets", "tab", "tabs", "tbl", "tabl", "tablette", "tabletten", "capsule",
    "capsules", "caps", "kapsel", "kapseln", "comprimé", "comprimés", "cpr", "syrup", "sirup",
    "sirop", "drops", "tropfen", "gouttes", "lozenge", "lozenges", "sachet", "sachets", "ampoule",
    "ampoules", "ampulle", "ampullen", "injection",
];

fn is_health_line(line: &Line) -> bool {
    if line.text.contains('℞') || has_rx_mark(line.text) {
        return true;
    }
    !strong_terms()
        .find(line.text, &line.folded, End::Suffix(3))
        .is_empty()
        || (!forms().find(line.text, &line.folded, End::Word).is_empty() && has_strength(line.text))
}

/// `Rx`, `RX#`, `Rx No. 123`: a prescription number's mark.
fn has_rx_mark(text: &str) -> bool {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(1)).any(|k| {
        bytes[k].eq_ignore_ascii_case(&b'r')
            && bytes[k + 1].eq_ignore_ascii_case(&b'x')
            && (k == 0 || !bytes[k - 1].is_ascii_alphanumeric())
            && {
                let rest = text[k + 2..].trim_start();
                rest.starts_with(['#', ':'])
                    || ["no", "nr", "number"].iter().any(|w| {
                        rest.get(..w.len())
                            .is_some_and(|head| head.eq_ignore_ascii_case(w))
                            && !rest[w.len()..].starts_with(|c: char| c.is_alphabetic())
                    })
            }
    })
}

/// A strength: `500 mg`, `400MG`, `0,5 mg/ml`, `100 µg`, `1000 IE`.
fn has_strength(text: &str) -> bool {
    let lower = text.to_lowercase();
    let bytes = lower.as_bytes();
    let units = ["mg", "mcg", "µg", "ug", "i.e.", "ie", "iu", "i.u.", "mmol"];
    (0..bytes.len()).any(|k| {
        if !bytes[k].is_ascii_digit() || bytes.get(k + 1).is_some_and(u8::is_ascii_digit) {
            return false;
        }
        let rest = lower[k + 1..].trim_start_matches(' ');
        units.iter().any(|u| {
            rest.starts_with(u) && !rest[u.len()..].starts_with(|c: char| c.is_alphabetic())
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::privacy::tests::found_of;
    use crate::privacy::{DetectorConfig, Kind, health_markers};

    fn health(text: &str) -> Vec<&str> {
        found_of(Kind::Health, text)
    }

    #[test]
    fn finds_medicine_and_prescription_lines() {
        for (text, want) in [
            (
                "IBUPROFEN 400MG 20 TABS   4.99",
                "IBUPROFEN 400MG 20 TABS   4.99",
            ),
            (
                "Paracetamol-ratiopharm 500 mg Tabletten 2,45 A",
                "Paracetamol-ratiopharm 500 mg Tabletten 2,45 A",
            ),
            ("  Doliprane 1000mg cpr 2,18 ", "Doliprane 1000mg cpr 2,18"),
            ("Ibuprofène Biogaran 200 mg", "Ibuprofène Biogaran 200 mg"),
            (
                "Sinupret extract 20 überz. Tbl.",
                "Sinupret extract 20 überz. Tbl.",
            ),
            ("VOLTAREN SCHMERZGEL 100G", "VOLTAREN SCHMERZGEL 100G"),
            ("Gesetzl. Zuzahlung 5,00", "Gesetzl. Zuzahlung 5,00"),
            ("PZN 01234567 Nasenspray", "PZN 01234567 Nasenspray"),
            (
                "Rx# 4471234 AMOXICILLIN 500MG CAPS",
                "Rx# 4471234 AMOXICILLIN 500MG CAPS",
            ),
            ("RX NO 123456", "RX NO 123456"),
            ("℞ Dr. Martin", "℞ Dr. Martin"),
            (
                "CLEARBLUE PREGNANCY TEST 2PK",
                "CLEARBLUE PREGNANCY TEST 2PK",
            ),
            ("DUREX CONDOMS 12S", "DUREX CONDOMS 12S"),
            ("Test de grossesse x1", "Test de grossesse x1"),
            ("Vitamin C 500 mg Tabletten", "Vitamin C 500 mg Tabletten"),
            ("Ordonnance n° 42", "Ordonnance n° 42"),
        ] {
            assert_eq!(health(text), [want], "{text}");
        }
    }

    #[test]
    fn leaves_other_lines_alone() {
        for text in [
            "SAMSUNG GALAXY TAB A 10.1",
            "TABLE NO : C38",
            "NEAR TO KPJ HOSPITAL",
            "MAPLE SYRUP 250ML 8.90",
            "SOMAT GESCHIRR TABS 40 ST",
            "Rezepte und Ideen auf kaufland.de",
            "AMD RADEON RX 580 8GB",
            "TASTY BAKING HEALTY NATION!!",
            "SPAGHETTI AGLIO OLIO CHICKEN BREAST",
            "CHICKEN KATSU BENTO",
            "DOLE PINEAPPLE PCS",
            "GREASE FOR TOOLS 40ML (AKODA)",
            "SIRUP HIMBEERE 0,7L",
            "Drogerie",
            "CD SLEEVE REFILL DAIBAO DB103 (VR100)/KAYE",
            "LITHIUM BATTERY CR2032",
            "Salbeitee 20 Beutel",
        ] {
            assert!(health(text).is_empty(), "{text}: {:?}", health(text));
        }
    }

    #[test]
    fn markers_name_pharmacies_and_drugstores() {
        for (text, want) in [
            ("PO APOTHEKE\nPADERBORN", "APOTHEKE"),
            ("dm-drogerie markt", "drogerie markt"),
            ("R@SSMANN\nDrogeriemarkt", "R@SSMANN"),
            ("WATSON'S PERSONAL CARE STORES SDN BHD", "WATSON'S"),
            ("Pharmacie du Centre", "Pharmacie"),
            ("CARING PHARMACY", "PHARMACY"),
        ] {
            let markers = health_markers(text, &DetectorConfig::default());
            assert!(!markers.is_empty(), "{text}");
            assert_eq!(&text[markers[0].span.clone()], want, "{text}");
        }
        for text in ["TESCO EXTRA\nMILK 1L", "Kaufland\nDrogerie\nZAHNPASTA 1,95"] {
            assert!(
                health_markers(text, &DetectorConfig::default()).is_empty(),
                "{text}"
            );
        }
    }
}
