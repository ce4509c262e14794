//! The grammatical gender a person's name carries, so that "he" and "she"
//! agree with their antecedent: from a gendered title (`Mrs.`, `King`) or a
//! common first name. Most names say nothing, and stay unknown.

/// The gender of a person, as an English pronoun refers to them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    /// Referred to as "he".
    Male,
    /// Referred to as "she".
    Female,
}

impl Gender {
    /// The gender a third-person singular pronoun carries ("he", "she").
    pub fn of_pronoun(w: &str) -> Option<Gender> {
        match w.to_lowercase().as_str() {
            "he" | "him" | "his" => Some(Gender::Male),
            "she" | "her" | "hers" => Some(Gender::Female),
            _ => None,
        }
    }
}

const MALE_TITLES: &[&str] = &[
    "mr",
    "sir",
    "lord",
    "king",
    "prince",
    "sheikh",
    "sheik",
    "emir",
    "sultan",
    "father",
    "brother",
    "duke",
    "count",
    "baron",
    "monsieur",
    "herr",
    "senor",
    "señor",
    "pope",
    "ayatollah",
    "rabbi",
    "imam",
];

const FEMALE_TITLES: &[&str] = &[
    "mrs",
    "ms",
    "miss",
    "madam",
    "madame",
    "lady",
    "queen",
    "princess",
    "dame",
    "sister",
    "duchess",
    "countess",
    "baroness",
    "mme",
    "frau",
    "senora",
    "señora",
    "mother",
    "congresswoman",
    "spokeswoman",
    "chairwoman",
    "businesswoman",
];

/// The gender a title states (`Mr.`, `Queen`, `spokeswoman`), if any.
pub fn of_title(title: &str) -> Option<Gender> {
    let l = title.trim_end_matches('.').to_lowercase();
    if MALE_TITLES.contains(&l.as_str()) {
        Some(Gender::Male)
    } else if FEMALE_TITLES.contains(&l.as_str()) {
        Some(Gender::Female)
    } else {
        None
    }
}

/// Common first names of men in English-language news (sorted).
const MALE_NAMES: &[&str] = &[
    "abdul",
    "abdullah",
    "abu",
    "ahmad",
    "ahmed",
    "ali",
    "andrew",
    "anthony",
    "barack",
    "ben",
    "benjamin",
    "bernie",
    "bill",
    "bob",
    "boris",
    "brian",
    "charles",
    "chris",
    "christopher",
    "chuck",
    "dan",
    "daniel",
    "david",
    "dick",
    "donald",
    "douglas",
    "ed",
    "edward",
    "emmanuel",
    "eric",
    "francois",
    "frank",
    "gary",
    "george",
    "gregory",
    "harry",
    "hassan",
    "henry",
    "hosni",
    "hussein",
    "ibrahim",
    "ivan",
    "jack",
    "jacob",
    "james",
    "jason",
    "jeb",
    "jeff",
    "jeffrey",
    "jeremy",
    "jim",
    "jimmy",
    "joe",
    "john",
    "jon",
    "jonathan",
    "jose",
    "joseph",
    "josh",
    "juan",
    "justin",
    "karim",
    "kevin",
    "khalid",
    "larry",
    "mahmoud",
    "marco",
    "mark",
    "matt",
    "matthew",
    "michael",
    "mike",
    "mitch",
    "mitt",
    "mohamed",
    "mohammad",
    "mohammed",
    "muammar",
    "muhammad",
    "mustafa",
    "nicolas",
    "omar",
    "osama",
    "patrick",
    "paul",
    "peter",
    "richard",
    "rick",
    "robert",
    "ron",
    "ronald",
    "saddam",
    "saif",
    "sam",
    "samuel",
    "scott",
    "sean",
    "sergei",
    "stephen",
    "steve",
    "steven",
    "ted",
    "thomas",
    "tim",
    "timothy",
    "tom",
    "tony",
    "vladimir",
    "walter",
    "william",
    "xi",
    "yusuf",
];

/// Common first names of women in English-language news (sorted).
const FEMALE_NAMES: &[&str] = &[
    "aisha",
    "alice",
    "amanda",
    "amy",
    "angela",
    "ann",
    "anna",
    "anne",
    "barbara",
    "betsy",
    "carly",
    "carol",
    "catherine",
    "christine",
    "claire",
    "condoleezza",
    "deborah",
    "diane",
    "donna",
    "elizabeth",
    "ellen",
    "emily",
    "emma",
    "fatima",
    "hillary",
    "huma",
    "ivanka",
    "jane",
    "janet",
    "jennifer",
    "jessica",
    "jill",
    "joan",
    "julia",
    "julie",
    "karen",
    "kate",
    "katherine",
    "kathleen",
    "kelly",
    "kellyanne",
    "laura",
    "layla",
    "leila",
    "lena",
    "linda",
    "lisa",
    "loretta",
    "lynn",
    "margaret",
    "maria",
    "marie",
    "mary",
    "megyn",
    "melania",
    "michelle",
    "nancy",
    "nicola",
    "nikki",
    "patricia",
    "rachel",
    "rebecca",
    "samantha",
    "sandra",
    "sarah",
    "sharon",
    "sheryl",
    "susan",
    "susana",
    "theresa",
    "yulia",
];

/// The gender a person's name carries by its first word (`Hillary
/// Clinton`), if that is a common first name.
pub fn of_name(name: &str) -> Option<Gender> {
    let first = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .next()?
        .to_lowercase();
    if MALE_NAMES.binary_search(&first.as_str()).is_ok() {
        Some(Gender::Male)
    } else if FEMALE_NAMES.binary_search(&first.as_str()).is_ok() {
        Some(Gender::Female)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_lists_are_sorted_for_binary_search() {
        assert!(MALE_NAMES.windows(2).all(|w| w[0] < w[1]));
        assert!(FEMALE_NAMES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn titles_and_first_names_carry_gender() {
        assert_eq!(of_title("Mrs."), Some(Gender::Female));
        assert_eq!(of_title("Mr."), Some(Gender::Male));
        assert_eq!(of_title("Secretary"), None);
        assert_eq!(of_name("Hillary Clinton"), Some(Gender::Female));
        assert_eq!(of_name("Brian Fallon"), Some(Gender::Male));
        assert_eq!(of_name("Clinton"), None);
    }
}
