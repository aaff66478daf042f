//! The indicator lexicon: every phrase tipsom treats as evidence of a legal element.
//!
//! This is the one place to read or extend what the analyser looks for. Each family
//! groups phrasings of one indicator from the UN protocols, the ILO forced-labour
//! indicators and UNODC's trafficking indicators. Patterns are matched on lowercased
//! text at word boundaries:
//!
//! - `(a|b|c)` expands to each alternative; an empty alternative makes the group optional;
//! - a trailing `*` also matches longer words (`recruit*` finds "recruited", "recruiters").
//!
//! A `Strong` family sets its element on its own. A `Weak` family is a hint: it becomes a
//! model feature and is shown in explanations, but never sets an element by itself.
//! Change anything here and bump [`LEXICON_VERSION`]: models trained with another lexicon
//! are refused, since their evidence features would mean something else.

use super::Element::{self, *};

/// Version of this lexicon, stored in every model file.
pub const LEXICON_VERSION: &str = "2026-11-22.1";

/// Whether a family's evidence sets its element on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    /// Sets the element.
    Strong,
    /// A hint for the model and the reader; does not set the element.
    Weak,
}
use Strength::*;

/// One indicator family: phrasings of one way an element shows in text.
#[derive(Debug)]
pub struct Family {
    /// The element this family is evidence of.
    pub element: Element,
    /// Short stable name, used in feature names and explanations.
    pub name: &'static str,
    /// Whether a match sets the element.
    pub strength: Strength,
    /// The phrasings (see the module docs for the syntax).
    pub patterns: &'static [&'static str],
}

const fn fam(
    element: Element,
    name: &'static str,
    strength: Strength,
    patterns: &'static [&'static str],
) -> Family {
    Family {
        element,
        name,
        strength,
        patterns,
    }
}

/// All indicator families, grouped by element.
pub static FAMILIES: &[Family] = &[
    // ---------------------------------------------------------------- act
    fam(Act, "recruitment", Strong, &[
        "recruit*", "lured", "luring", "lure*", "enticed", "enticing", "enlisted", "enlist*",
        "groomed", "grooming", "befriended", "talent scout*",
        "(offered|promised|offering|promising) (her|him|them|us|me|the women|the men|the girls|the boys|the workers) (a |)(job|jobs|work|employment|position|place|contract)*",
        "(offered|promised) (a |)(job|jobs|work|employment|position)*", "job offer*", "offer of (a |)(job|work|employment)",
        "(hired|hiring|employed|engaged) (her|him|them|us|me|as|by|through|on)", "placed (her|him|them|us|me) (with|in|at)",
        "placement agenc*", "recruiting agenc*", "employment agenc*", "manpower agenc*", "labour broker*", "labor broker*",
        "(advert|advertisement|ad|post|posting|listing) (for|offering|promising)", "signed (a|up|her|him|them)*",
        "brought (her|him|them|us|me) (to|into|over|from|across|in)", "persuaded (her|him|them|us|me)",
        "convinced (her|him|them|us|me)", "invited (her|him|them|us|me) to (come|work|travel|join)",
        "approached (her|him|them|us|me)", "conscripted", "abducted", "kidnapped",
    ]),
    fam(Act, "transport", Strong, &[
        "transport*", "trafficked", "smuggled", "drove (her|him|them|us|me)", "driven (to|across|into|from)",
        "ferried", "shipped", "flown (to|into|from)", "flew (her|him|them|us|me)",
        "(took|taken|taking|take) (her|him|them|us|me) (to|across|into|over|from|by)",
        "moved (her|him|them|us|me) (to|across|into|between|from)", "moved (around|between)",
        "escorted (her|him|them|us|me)", "accompanied (her|him|them|us|me)", "carried (her|him|them|us|me|migrants|the migrants|people|passengers)",
        "guided (her|him|them|us|me|the group|migrants)", "led (her|him|them|us|me|the group) (across|through|over)",
        "(packed|crammed|squeezed|loaded) (into|in|onto|on)", "put (her|him|them|us|me) (on|in|into|onto)",
        "sent (her|him|them|us|me) (to|abroad|across)", "(crossing|crossings) (organised|organized|arranged)",
        "(organised|organized|arranged|facilitated) (the |their |her |his |a |)(crossing|journey|trip|passage|travel|transport)*",
        "(travel|journey|trip|flight|passage) (was |were |)(arranged|organised|organized|booked|paid)",
        "bus (to|from)", "boat (to|from|carrying)", "lorry (to|from|carrying)", "truck (to|from|carrying)", "van (to|from|carrying)",
    ]),
    fam(Act, "transfer_or_sale", Strong, &[
        "sold (her|him|them|us|me|to|on|for|off|as)*", "resold", "re-sold", "sell (her|him|them|us|me|girls|women|children)",
        "selling (her|him|them|us|me|girls|women|children|people)", "bought (her|him|them|us|me|girls|women|children)*",
        "(purchased|traded|auctioned) (her|him|them|us|me|for|as|like)*", "handed (her|him|them|us|me) (over|to)",
        "handed over (to|the)", "passed (her|him|them|us|me) (on|to)", "transferred (her|him|them|us|me|to)",
        "exchanged (her|him|them|us|me) for", "traded like", "changed hands",
    ]),
    fam(Act, "harbouring", Strong, &[
        "harbour*", "harbor*", "stash house*", "safe house*", "safehouse*", "drop house*",
        "(housed|lodged|accommodated|sheltered|hid|hidden|kept|held|confined) (her|him|them|us|me|in|at|inside|for)",
        "(lived|living|slept|sleeping|stayed|staying) (in|at) (the|a|an) (compound|camp|barracks|house|flat|apartment|container|warehouse|shed|dormitory|hostel)",
        "(put|housed) up in",
    ]),
    fam(Act, "receipt", Strong, &[
        "(received|receiving|receive) (her|him|them|us|me|the women|the girls|the workers|migrants|victims|people)",
        "(met|collected|picked up) (her|him|them|us|me) (at|in|on|from)", "picked (her|him|them|us|me) up",
        "waiting for (her|him|them|us|me) (at|in|on)", "handed to",
    ]),
    // ---------------------------------------------------------------- means
    fam(Means, "force_or_violence", Strong, &[
        "beat*", "beaten", "assault*", "attack*", "hit (her|him|them|us|me)", "slapped", "kicked", "punched",
        "whipped", "burned (her|him|them|us|me)", "tortur*", "violence", "violent*", "by force", "forcibly", "forceful*",
        "physical abuse", "physically abused", "abused (her|him|them|us|me)", "rape", "raped", "raping", "gang-raped",
        "sexually assaulted", "sexual violence", "brutal*", "injur* (her|him|them|us|me)", "stabbed", "shot at",
        "at gunpoint", "at knifepoint", "with a gun", "with a knife", "armed guards", "electric shock*",
    ]),
    fam(Means, "threats", Strong, &[
        "threat*", "threaten*", "intimidat*", "menac*", "warned (her|him|them|us|me|that)",
        "(said|told (her|him|them|us|me)) (he|she|they|we|it) would (kill|hurt|harm|beat|find)",
        "(kill|hurt|harm) (her|his|their|our|my) (family|families|children|child|mother|parents|relatives)",
        "fear for (her|his|their|our|my) (life|lives|family|safety)", "afraid (for|of) (her|his|their|our|my) (life|lives|family)",
        "too (afraid|scared|frightened) to", "(afraid|scared|frightened) (to go|of going) to (the |)(police|authorities)",
        "blackmail*", "juju", "ju-ju", "voodoo", "oath", "oaths", "curse*", "ritual*",
    ]),
    fam(Means, "coercion", Strong, &[
        "coerc*", "forced (her|him|them|us|me|to|into|by)", "forcing (her|him|them|us|me)", "force (her|him|them|us|me)",
        "made (her|him|them|us|me) (to |)(work|sell|have|beg|steal|marry|sleep|serve|do|carry|sign|fight|grow|tend|cook|clean)",
        "compelled", "compelling", "against (her|his|their|our|my) will", "(had|have|has|with|left with) no (other |)choice",
        "under duress", "punish*", "fines (for|if|whenever|when)", "fined (her|him|them|us|me|for|if|whenever|when)",
        "drugged", "plied (her|him|them|us|me) with", "kept (her|him|them|us|me) (addicted|on drugs|high)",
        "did not dare", "didn't dare", "not dare", "made to",
    ]),
    fam(Means, "abduction", Strong, &[
        "abduct*", "kidnap*", "snatched", "seized (her|him|them|us|me)", "taken by force", "grabbed (her|him|them|us|me)",
        "captured", "captive*", "held hostage",
    ]),
    fam(Means, "deception", Strong, &[
        "deceiv*", "deception*", "deceptive*", "tricked", "tricking", "trick (her|him|them|us|me)", "false promise*",
        "falsely promised", "(fake|bogus|sham|non-existent|nonexistent|fictitious|phoney|phony) (job|jobs|offer|offers|vacanc*|employer|agency|modelling|modeling|company|contract|position|scholarship)*",
        "lied (to|about)", "lies about", "misled", "misleading", "duped", "conned", "fraud", "fraudulent (job|offer|promise|recruitment|contract)*",
        "turned out to be", "was not what", "were not what", "not the job", "not the work", "no such job", "there was no job",
        "instead of (the |a |)(job|work|promised|working|waitress|cleaning|nanny)", "(promised|told|led to believe) (she|he|they|we|i) would",
        "(promised|told|led to believe) that (she|he|they|we|i) would", "led to believe", "under the pretext", "under the pretence",
        "on the pretext", "pretended", "pretending", "posed as", "posing as", "bait",
        "promised (well-paid|good|high|decent|a better)*",
        "never materiali*", "did not exist", "didn't exist", "substituted contract*", "contract substitution",
        "different (job|work|contract|employer)", "(much |)(lower|less) than (promised|agreed)",
    ]),
    fam(Means, "abuse_of_vulnerability", Strong, &[
        "abuse of (a |her |his |their |)(position of |)vulnerabilit*", "position of vulnerability", "abuse of power",
        "abused (her|his|their|my|our) (position|authority|power)", "took advantage of (her|his|their|my|our)",
        "taking advantage of (her|his|their|my|our)", "(exploited|exploiting|exploit|exploits) (her|his|their|my|our) (poverty|desperation|situation|status|disabilit*|addiction|illness|lack)",
        "(threatened|threat|threats) (to|of|with) (deport*|report*|call* (the |)(police|immigration))",
        "report (her|him|them|us|me) to (the |)(police|immigration|authorities)", "hand (her|him|them|us|me) (over |)to (the |)(police|immigration)",
        "(call|calling|called) (the |)(immigration|police) on (her|him|them|us|me)",
        "because (she|he|they|we|i) (had|have) no (papers|documents|visa|status)",
        "(learning |intellectual |intellectually |mental |mentally |physical |physically |)disab*", "addict*", "homeless*",
    ]),
    fam(Means, "debt_bondage", Strong, &[
        "debt bondage", "bonded", "debt*", "owed (the|them|him|her|us|me|money|a|an)*", "owe*", "owing",
        "work off", "working off", "worked off", "pay off (the|a|their|her|his|my|our)*", "paying off (the|a|their|her|his|my|our)*",
        "repay*", "pay back", "paying back", "paid back", "advance* (on|of|for) (wage|salar|pay)*", "(loan|loans) (for|to cover)",
        "interest (on|rate)", "(recruitment|placement|agency) fee*", "deduct*", "(the |their |her |his |)(debt|bill) (grew|kept growing|increased|doubled|never)",
    ]),
    fam(Means, "document_confiscation", Strong, &[
        "confiscat*",
        "(took|taken|take|takes|kept|keep|keeps|held|hold|holds|withheld|withhold|retained|retain|seized|removed|collected) (away |)(her|his|their|our|my|the|all|its) (passport|passports|documents|papers|identity|id|ids|identification|visa|visas|travel documents|residence permit|work permit)",
        "(passport|passports|documents|papers|id cards|identity documents|identity papers) (was |were |had been |have been |)(taken|confiscated|kept|withheld|held|retained|seized|removed|locked away|collected)",
        "(hand|handed|surrender|surrendered|give|gave) (over |up |)(her|his|their|our|my) (passport|passports|documents|papers|id)",
        "without (her|his|their|our|my) (passport|passports|documents|papers)", "kept (the |)passports",
    ]),
    fam(Means, "confinement_or_isolation", Strong, &[
        "locked (in|up|inside|into|away|her|him|them|us|me)", "lock (her|him|them|us|me) (in|up)", "locking (her|him|them|us|me)",
        "confined", "confinement", "imprisoned", "held captive", "kept captive", "held prisoner", "kept prisoner",
        "not allowed to (leave|go out|go outside|contact|call|speak|see)", "(could not|couldn't|cannot|can't|unable to|never able to|was not able to|were not able to) (leave|go out|escape|get out)",
        "never allowed (to |)(out|leave|outside)", "forbidden (to|from) (leave|leaving|go|going)", "prevented (her|him|them|us|me|from) (from |)(leaving|escaping)",
        "guarded", "under guard", "watched (her|him|them|us|me|constantly|at all times|day and night)", "under (constant |)surveillance",
        "isolat*", "cut off from", "(no|without) contact with", "(took|taken|confiscated|smashed|kept) (her|his|their|our|my) (phone|phones|mobile|mobiles)",
        "phones (were |had been |)(taken|confiscated)", "chained", "shackled", "escape*", "fled", "ran away", "broke free",
        "barred windows", "bars on the windows",
    ]),
    fam(Means, "withheld_wages", Strong, &[
        "(withheld|withholding|withhold|kept|retained|stole|stolen|deducted) (her|his|their|our|my|the) (wage|wages|pay|salary|salaries|earnings|money)",
        "(wage|wages|pay|salary|salaries|earnings) (was |were |had been |)(withheld|kept|retained|never paid|not paid|unpaid|deducted|confiscated)",
        "(never|not|barely|hardly) (been |being |)paid", "unpaid", "without pay", "without wages", "without payment", "(no|little or no) (wage|wages|pay|salary)",
        "paid (nothing|little|almost nothing|next to nothing|a fraction|only a fraction|pennies)", "(received|got|earned|saw) (nothing|no money|none of the money|no pay)",
        "kept (all|most|the) (of the |)(money|earnings|wages)", "took (all|most) (of |)(the |her |his |their |my |our |)(money|earnings|wages|pay)",
        "handed (over |)(all|most) (of |)(her|his|their|my|our|the) (earnings|money|wages)",
    ]),
    fam(Means, "payment_to_controller", Strong, &[
        "sold (her|him|them) (to|for)", "(parents|father|mother|family|uncle|aunt|guardian|husband|relative|relatives) (sold|were paid|was paid|received|accepted) (her|him|them|money|cash|payment|a payment)",
        "paid (her|his|their|the) (parents|father|mother|family|uncle|guardian|husband)", "bride price", "bride-price", "bride wealth", "dowry",
    ]),
    fam(Means, "vulnerability_hint", Weak, &[
        "vulnerab*", "desperate*", "poverty", "poor famil*", "undocumented", "irregular status", "no papers", "without papers",
        "orphan*", "could not speak the language", "did not speak the language", "didn't speak", "spoke no", "alone in a", "far from home",
    ]),
    fam(Means, "promise_hint", Weak, &["promis*", "assured", "told (her|him|them|us|me) (she|he|they|we|i) would"]),
    fam(Means, "freedom_signs", Weak, &[
        "free to leave", "free to go", "(could|was able to|were able to|can) (leave|quit|go home|change jobs) (at any time|whenever|when)*",
        "voluntar*", "of (her|his|their|my|our) own (free |)(will|accord|choice)", "(chose|decided|agreed|consented) to", "consent*",
        "kept (her|his|their|my|our) own (passport|passports|documents|papers|phone|phones)", "paid (on time|in full|fairly|the agreed|the minimum wage)",
        "independent*", "self-employed",
    ]),
    // ---------------------------------------------------------------- purpose
    fam(Purpose, "sexual_exploitation", Strong, &[
        "prostitut*", "sexual exploitation", "sexually exploit*", "sexual servitude", "sex slave*", "sexual slavery",
        "brothel*", "sold for sex", "sell sex", "selling sex", "sell (her|their|his) bod*", "selling (her|their|his) bod*",
        "sex trade", "sex trafficking", "commercial sex*", "sex industry", "sex (work|worker|workers) against",
        "forced (her|him|them|us|me|) (into |to )(sex|have sex|sleep with)", "(have|had|having) sex with (clients|customers|men)",
        "(serve|serving|served|see|seeing|saw|entertain|entertaining) (clients|customers|men)", "pimp*", "(on|in) the street* (at night|every night)",
        "webcam*", "pornograph*", "sexual (abuse|acts|services)", "sex (acts|work|shows)", "red-light", "red light district",
        "(massage|karaoke|nail) (parlour|parlor|parlours|parlors|bar|bars|salon|salons) (where|that|offering)", "escort (agency|service|work)",
        "strip club*", "lap danc*", "online sexual", "live-stream* (abuse|sex)", "sexually abused", "(girls|women) for sex",
    ]),
    fam(Purpose, "forced_labour", Strong, &[
        "forced labo*", "(labour|labor) exploitation", "(exploited|exploiting|exploitative) (labour|labor)", "slave labo*", "bonded labo*", "unfree labo*", "compulsory labo*",
        "forced (her|him|them|us|me|) to (work|labour|labor|toil)", "made (her|him|them|us|me) work", "(forced|compelled) (into|to do) (work|labour|labor)",
        "(work|worked|working|toil|toiled|toiling|labour|laboured|labouring|labor|labored|laboring) (without pay|for no pay|for nothing|unpaid|for free|for no wages|for food)",
        "(work|worked|working) (day and night|around the clock|every day|seven days|7 days|16 hours|18 hours|20 hours|14 hours|15 hours|17 hours|19 hours|12 hours|long hours)*",
        "(work|worked|working) (off|to pay) (the|their|her|his|my|our|a)*", "labour trafficking", "labor trafficking",
        "exploited (as|for|in|on|at) (work|labour|labor|workers|a worker|cheap)*", "exploitative (work|labour|labor|conditions)",
        "exploitation", "exploited", "exploiting", "exploit (her|him|them|us|me)", "to exploit", "for exploitation",
    ]),
    fam(Purpose, "servitude_or_slavery", Strong, &[
        "servitude", "slaver*", "enslav*", "slave", "slaves", "like a slave", "modern slavery", "domestic servitude",
        "serfdom", "in servitude", "practices similar to slavery", "held in servitude", "restavek*", "restavèk*",
    ]),
    fam(Purpose, "organ_removal", Strong, &[
        "organ", "organs", "kidney*", "liver (transplant|removed|taken|sold)", "transplant*", "harvest* (her|his|their|organs|kidneys|a kidney)",
        "removal of (organs|an organ|a kidney|her kidney|his kidney)", "(remove|removed|removing|take|took|taking) (her|his|their|my|a) (kidney|organ|liver|cornea)*",
        "organ harvesting", "nephrectom*",
    ]),
    fam(Purpose, "forced_begging", Strong, &[
        "beg", "begs", "begging", "beggar*", "forced to beg", "made to beg", "ask* for (money|alms|coins) (on|in|at)", "alms",
        "(quota|target) of (money|coins)", "bring back (money|coins|a quota)",
    ]),
    fam(Purpose, "forced_criminality", Strong, &[
        "forced criminality", "criminal exploitation", "cannabis (farm|farms|factory|factories|grow|house|houses|plantation)*",
        "(grow|grew|growing|tend|tended|tending|water|watering|watered) (cannabis|marijuana|weed|the plants|plants)",
        "grow house*", "grow-house*", "scam (compound|compounds|centre|centres|center|centers|operation|operations|call|calls|factory|factories|farm|farms|park|parks)",
        "online (scam|scams|fraud|fraud operations)", "pig butchering", "pig-butchering", "romance scam*", "(crypto|cryptocurrency) scam*", "investment scam*",
        "(forced|made|compelled) (her|him|them|us|me|) to (steal|deal|sell drugs|carry drugs|scam|defraud|commit|shoplift|pickpocket|run drugs|traffic drugs|transport drugs|smuggle drugs|swallow)",
        "drug mule*", "county lines", "cuckoo*", "pickpocket*", "shoplift*", "(carry|carrying|carried|deliver|delivering|delivered|run|running|ran) (drugs|cocaine|heroin|crack|packages of drugs)",
        "benefit fraud", "(commit|committing|committed) (crimes|fraud|theft|burglar*|robber*)", "swindl*", "defraud*",
    ]),
    fam(Purpose, "forced_marriage", Strong, &[
        "forced marriage*", "forced to marry", "forced (her|him|them|us|me) to marry", "forced into (a |)marriage", "(married|marrying|marry) off",
        "(sold|given|promised|offered) (as|to be) (a |)(bride|wife|wives|brides)", "child marriage*", "child bride*",
        "(bride|brides|wife|wives) (for|to) (a|an|men|farmers|older)", "sold (her|them) (in |into |to |)marriage", "arranged marriage against",
        "married against (her|his|their|my) will", "marry (a|an|the|her|him|them) (man|men|stranger|older)*",
    ]),
    fam(Purpose, "child_soldiers", Strong, &[
        "child soldier*", "armed group*", "armed forces and groups", "militia*", "rebel group*", "rebels", "insurgent*",
        "(used|use|using) (her|him|them|us|me|children|boys|girls|minors|the boys|the children|child) as (a |)(porter|porters|spy|spies|cook|cooks|fighter|fighters|soldier|soldiers|messenger|messengers|guard|guards|human shield*|suicide bomber*)",
        "fight (for|in) (the|an|a)", "carry weapons", "carried weapons", "combatant*", "recruited into (the |an |a |)(army|militia|armed|rebel)*",
    ]),
    fam(Purpose, "exploitative_work_hint", Weak, &[
        "long hours", "no days off", "no day off", "without a day off", "overcrowded (room|rooms|dormitor*|barracks|house)", "squalid", "dormitor*",
        "wages", "salary", "worked (on|in|at|as)", "domestic work*", "maid*", "housemaid*", "nanny", "fishing boat*", "trawler*",
        "farm*", "plantation*", "construction site*", "factory", "factories", "sweatshop*", "brick kiln*", "kiln*", "car wash*",
        "nail bar*", "nail salon*", "restaurant*", "mine", "mines", "quarr*", "sex work*", "massage parlo*", "escort*", "clients", "customers", "bar girl*", "hostess*",
    ]),
    // ---------------------------------------------------------------- child (ages are found separately)
    fam(Child, "minor", Strong, &[
        "child", "children", "minor", "minors", "underage", "under-age", "under age", "under 18", "under eighteen", "under the age of (18|eighteen|sixteen|16)",
        "schoolgirl*", "schoolboy*", "school-age*", "school age*", "juvenile*", "infant*", "baby", "babies", "toddler*", "kid", "kids",
        "unaccompanied (minor|minors|child|children)", "child's", "children's", "orphaned (girl|boy|child|children)",
        "students from (a |the |)(primary|secondary|middle|high) school",
    ]),
    fam(Child, "young_person", Weak, &[
        "girl", "girls", "boy", "boys", "teen", "teens", "teenage*", "adolescent*", "youth", "youngster*", "young (girl|girls|boy|boys)",
    ]),
    // ---------------------------------------------------------------- illegal entry
    fam(IllegalEntry, "irregular_crossing", Strong, &[
        "(illegally|irregularly|unlawfully|clandestinely|secretly) (enter|entered|entering|enters|cross|crossed|crossing|crosses|brought|brought in|taken|moved|transported|smuggled|travel|travelled|traveled|arrived|arriving|landed)*",
        "(illegal|irregular|unlawful|unauthorised|unauthorized|clandestine|undocumented) (entry|entries|crossing|crossings|border crossing*|migration|migrant*|migrants|arrival*|journey|route|immigration|immigrant*|travel)",
        "unauthorised", "unauthorized", "illegal immigra*", "illegal migra*", "illegal alien*", "irregular migra*", "crossed illegally", "entered illegally", "enter illegally",
        "(cross|crossed|crossing|crosses) (the |a |an |into |over |)(border|borders|frontier|channel|sea|mediterranean|aegean|river|rio grande|desert|darien|darién|gulf|strait|straits|red sea|jungle)",
        "across the (border|borders|frontier|channel|sea|mediterranean|aegean|river|rio grande|desert|strait|straits|gulf)",
        "without (a |any |the |valid |legal |proper |)(visa|visas|papers|documents|passport|passports|permission|authorisation|authorization|travel documents|documentation|inspection)",
        "(evade|evaded|evading|avoid|avoided|avoiding|dodge|dodged|bypass|bypassed|bypassing) (border|the border|checkpoints|the checkpoints|patrols|border guards|border police|controls|immigration|detection|the coast guard|coastguard)*",
        "(small|rubber|inflatable|overcrowded|fishing|wooden) (boat|boats|dinghy|dinghies|vessel|vessels)", "dinghy", "dinghies", "pirogue*", "cayuco*", "patera*", "boat people",
        "(hidden|hid|hiding|concealed|crammed|stowed) (in|inside|under|behind|among|beneath) (a |the |an |)(lorry|lorries|truck|trucks|trailer|trailers|container|containers|van|vans|car|boot|trunk|cargo|compartment|tanker|bus|coach|shipment)*",
        "stowaway*", "sneak* (across|into|over|through)", "snuck (across|into|over|through)", "slipped (across|into|over|through) the (border|frontier)",
        "(climbed|jumped|scaled|cut through|over) the (border |)(fence|wall)", "border fence", "border wall", "tunnel under", "landed (on|at) (a |the |)(beach|coast|shore|island)",
        "smuggled (into|across|over|to|out|in|through)", "smuggling (of migrants|migrants|people|them|her|him|refugees|asylum)*", "migrant smuggl*", "people smuggl*", "human smuggl*",
        "(not|no) (legally|lawfully) (entitled|allowed|permitted)", "no right to (enter|stay|remain|be)",
        "(intercepted|rescued|caught|apprehended|arrested|detained|stopped|picked up) (at|near|on|off|crossing|trying to cross|while crossing|attempting) (the |a |)(border|sea|coast|crossing|frontier|channel|river)*",
        "pushed back", "pushback*", "push-back*", "coast guard*", "coastguard*", "border patrol*", "border guard*", "border police",
    ]),
    fam(IllegalEntry, "fraudulent_documents", Strong, &[
        "(fake|forged|false|fraudulent|counterfeit|falsified|doctored|altered|stolen|borrowed|bogus|look-alike|lookalike|someone else's|another person's|other people's) (passport*|visa|visas|document*|papers|identity|identities|id|ids|id card*|identity card*|travel document*|residence permit*|work permit*|permit*|stamp*|birth certificate*)",
        "forger*", "false identit*", "impersonat*", "impostor*", "imposter*", "(sham|fake|bogus|fraudulent) marriage*", "marriage* of convenience", "marriage-of-convenience",
        "(lied|lying|false statement|false statements|misrepresented|misrepresenting) (about|on) (the |her |his |their |)(purpose|visa|application|reason)*",
        "(visa|visas|permit|permits) (obtained|secured|acquired|got) (by|through|with) (fraud|deception|lies|false|fake|a false|a fake|bribes|bribery)*",
        "(tourist|student|visitor|business|pilgrim|pilgrimage|visit|transit) (visa|visas) (to work|for work|but|and then|then|although|though|even though)",
        "document fraud", "identity fraud", "passport fraud", "visa fraud",
    ]),
    fam(IllegalEntry, "illegal_stay", Strong, &[
        "overstay*", "over-stay*", "(visa|visas|permit|permits) (had |has |have |)(expired|lapsed|ran out|run out)", "expired (visa|visas|permit|permits)",
        "(stay|stayed|staying|remain|remained|remaining|live|lived|living|work|worked|working) (illegally|unlawfully|irregularly|without (papers|status|a permit|permission|documents|a visa))",
        "(illegal|unlawful|irregular) (stay|residence|status|presence)", "illegally resident", "illegally present", "(no|without) (legal |)(status|residency|residence permit|right to remain)",
        "(illegal|unlawful|undeclared|off the books|cash-in-hand) (work|job|jobs|employment)",
    ]),
    fam(IllegalEntry, "danger_to_life", Weak, &[
        "drowned", "drowning", "drown", "died", "dead", "deaths", "death", "bodies", "body of", "suffocat*", "asphyxia*", "capsiz*", "sank", "sinking",
        "shipwreck*", "dehydrat*", "heatstroke", "heat stroke", "abandoned (them|the migrants|the group|her|him|us|me|in|on|at)", "left (them|the group|her|him|us|me) (to die|behind|in the desert|at sea)",
        "overcrowded", "locked (in|inside) (a |the |an |)(lorry|truck|container|trailer|van|refrigerated)*", "refrigerated (lorry|truck|trailer|container)*",
        "(without|no|ran out of) (food|water|air|ventilation|life jackets|lifejackets)", "inhuman", "degrading", "life-threatening", "endanger*", "dangerous",
    ]),
    fam(IllegalEntry, "crossing_hint", Weak, &[
        "border*", "crossing*", "boat*", "lorry", "lorries", "truck*", "migrant*", "asylum*", "refugee*", "arrived (in|at|on)", "landed", "channel",
        "mediterranean", "aegean", "darien", "darién", "rio grande", "deport*", "detention cent*", "reception cent*",
    ]),
    // ---------------------------------------------------------------- facilitator benefit
    fam(FacilitatorBenefit, "smuggling_fee", Strong, &[
        "paid (a |the |an |their |his |her |)(smuggler|smugglers|coyote|coyotes|guide|guides|agent|agents|driver|drivers|boatman|boatmen|captain|broker|brokers|facilitator*|fixer*|passeur*|middleman|middlemen|network|gang|organiser*|organizer*|trafficker*|people smuggler*)",
        "(smuggler|smugglers|coyote|coyotes|guide|guides|agent|agents|driver|drivers|boatman|boatmen|captain|broker|brokers|facilitator*|fixer*|organiser*|organizer*|network|gang|ring|trafficker*) (charged|charging|charge|charges|demanded|demanding|asked for|took|collected|received|was paid|were paid|earned|made|pocketed|profited)",
        "(charged|charging|charge|charges|paying|paid|pay|pays|costs|cost) (each|every|them|her|him|us|me|each of them|per|a head|the family|the group|migrants|the migrants|passengers|for the|for a|for their|for his|for her|for my|for our|for each|for passage|for transport)*",
        "(fee|fees|price|prices|fare|fares|payment|payments|cost|sum|amount) (for|of) (the |a |their |each |his |her |my |our |)(crossing|crossings|trip|trips|journey|journeys|passage|seat|seats|place|places|ride|transport|transfer|smuggling|route|boat|passport|passports|visa|visas|documents|papers|entry)",
        "per (person|head|passenger|migrant|adult|child|seat)", "a head", "apiece", "each paid", "they paid", "we paid", "i paid", "had paid", "having paid",
        "in exchange for (money|cash|payment|a fee|fees|a payment)", "for a fee", "for money", "for cash", "for profit", "for payment", "for a price",
        "(smuggling|crossing|travel|trip|journey|transport) (fee|fees|money|costs|price)", "profit* (from|of) (the |)(smuggling|crossing|crossings|trips|migrants|journeys)",
        "hawala", "bribe*", "brib*", "kickback*", "paid (off|to) (border|officials|guards|police)",
        "(sold|selling|sell|supplied|supplying|provided|providing|rented|renting) (fake|forged|false|fraudulent|counterfeit|stolen) (passport|passports|document|documents|papers|visas|visa|ids|identity)",
        "(sham|fake|bogus) marriage* (for|in exchange for|at a price|arranged for)", "paid (to marry|for a marriage|a bride|for the marriage)",
    ]),
    fam(FacilitatorBenefit, "unpaid_help", Weak, &[
        "free of charge", "for free", "(did not|didn't|never|refused to) (charge|ask for|take|accept) (any |a |)(money|payment|fee|anything|a cent|a penny)*",
        "refused (any |)(payment|money)", "asked (for |)nothing", "without (charging|payment|asking for money)", "humanitarian*", "volunteer*",
        "rescue*", "search and rescue", "out of (kindness|compassion|pity|solidarity)", "(relative|relatives|cousin|brother|sister|uncle|aunt|friend|friends|neighbour|neighbor) (helped|drove|took|guided|carried)",
    ]),
    fam(FacilitatorBenefit, "money_hint", Weak, &[
        "paid", "pay", "paying", "payment*", "money", "cash", "fee", "fees", "charged", "price", "euros", "dollars", "pounds", "usd", "eur",
        "dinars", "rupees", "naira", "baht", "pesos", "quetzales", "lempiras", "birr", "afghanis", "rials", "lira", "cfa", "taka", "yuan", "ringgit",
        "smuggler*", "coyote*", "passeur*", "facilitator*", "agent*", "broker*", "profit*", "lucrative",
    ]),
];

/// Words that, earlier in the same clause, turn a match into negated evidence.
pub static NEGATION_CUES: &[&str] = &[
    "not",
    "no",
    "never",
    "without",
    "nobody",
    "none",
    "neither",
    "nor",
    "n't",
    "cannot",
    "didnt",
    "didn't",
    "wasn't",
    "weren't",
    "hasn't",
    "haven't",
    "hadn't",
    "isn't",
    "aren't",
    "don't",
    "doesn't",
    "won't",
    "wouldn't",
    "couldn't",
    "refused",
    "refusing",
    "declined",
    "denies",
    "free of",
    "lack of",
    "absence of",
    "instead of",
    "rather than",
    "nothing",
    "no one",
    "no-one",
    "zero",
    "unfounded",
    "ruled out",
    "free from",
];

/// Phrases that begin with a negation cue but do not negate what follows.
pub static NEGATION_EXCEPTIONS: &[&str] = &[
    "not only",
    "no longer",
    "nothing but",
    "no doubt",
    "not least",
    "whether or not",
    "no sooner",
    "not until",
    "not just",
    "never before",
    "no matter",
    "none other",
];

/// Words that end a clause: negation does not reach across them.
pub static CLAUSE_BREAKS: &[&str] = &[
    "but", "however", "although", "though", "yet", "whereas", "while", "and then", "then", "until",
    "after", "before", "because", "since", "when", "where", "which", "who",
];
