//! Questions that ask a respondent who they are: a name, a date of birth, an address or postcode,
//! a phone number, an e-mail address, a national, health, student or staff number, or "tell us
//! about yourself". An anonymous consultation must not ask them: one answer undoes the promise
//! that nobody can see who answered. The importers leave such questions out, and `check` and the
//! studio warn about them in any survey.
//!
//! Questions where the respondent writes freely are read (text and numbers) for all of these. A
//! choice among options the organiser wrote cannot carry an address or a phone number; but a
//! single choice or dropdown that asks for a name ("Your name": Aloyce, Andrea, someone else) is
//! a list of people, and picking one says who answered, so those are read for a name. A question
//! is taken to ask for one of these
//! when its words, in any of its languages, are a request for it ("What is your name?", "Nom et
//! prénom", "رقم الهاتف", "Please give your e-mail address"), or when its id names it and its
//! words ask nothing else. A question that only mentions one ("How safe do you feel at your
//! address?", "Name of your school") is not: what is read is what comes after the words that
//! ask, and it must be the thing itself. Nor is a bare "name" that is a thing's: a person always
//! has one and is asked for *their* name, so "Name (if any)", a hint "if it has one", or "What is
//! the name?" (of the road just asked about) ask for a place's or a thing's. A bare "Name" with
//! nothing more ("Name", "Name or ID") reads as the respondent's, whatever the form maps.
//!
//! The words are English, French, Spanish, Portuguese and Arabic, with the common words for a
//! name, a date of birth, an address, a phone number and an e-mail address in the other languages
//! speaksafe's interface speaks. Not every phrasing in every language can be caught: `check`'s
//! warning is a second look, not a guarantee.

use crate::names::fold;

/// What a question asks for that would pick a respondent out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identifying {
    Name,
    BirthDate,
    Address,
    Postcode,
    Phone,
    Email,
    /// A national, health, student, staff or other personal number.
    Number,
    /// "Tell us about yourself", "your contact details".
    WhoTheyAre,
}

impl Identifying {
    /// What the question looks like it asks for, as the report says it.
    pub fn what(self) -> &'static str {
        match self {
            Identifying::Name => "a name",
            Identifying::BirthDate => "a date of birth",
            Identifying::Address => "an address",
            Identifying::Postcode => "a full postcode",
            Identifying::Phone => "a phone number",
            Identifying::Email => "an e-mail address",
            Identifying::Number => "a personal number (national, health, student or staff)",
            Identifying::WhoTheyAre => "who the respondent is",
        }
    }

    /// Why that matters in an anonymous consultation.
    pub fn why(self) -> &'static str {
        match self {
            Identifying::Postcode => {
                "a full postcode covers a handful of homes and picks a respondent out; ask for its first half (E16), or an area"
            }
            Identifying::BirthDate => "with an area, a date of birth picks out almost anyone; ask for an age or an age group",
            _ => "one answer tells who responded, and the survey promises that nobody can see that",
        }
    }
}

/// The kinds of question a respondent writes in.
pub fn is_free_text(kind: &str) -> bool {
    matches!(kind, "short_text" | "long_text" | "number")
}

/// What a question of this kind asks for that identifies a respondent (see [`asks_for`]): any of
/// them where the respondent writes, a name where they pick one from a list.
pub fn identifies(kind: &str, id: &str, texts: &[&str]) -> Option<Identifying> {
    let found = asks_for(id, texts)?;
    let picked = matches!(kind, "single_choice" | "dropdown") && found == Identifying::Name;
    (is_free_text(kind) || picked).then_some(found)
}

/// What a free-text question asks for that identifies a respondent, read from its id and its
/// words in each of its languages (`texts`: its text, then any hint).
pub fn asks_for(id: &str, texts: &[&str]) -> Option<Identifying> {
    let words: Vec<Vec<String>> = texts.iter().map(|t| normalise(t)).filter(|w| !w.is_empty()).collect();
    let a_things_name = |found: Identifying, bare: bool| found == Identifying::Name && bare && of_a_thing(&words);
    if let Some((found, phrase)) = words.iter().find_map(|w| request_phrase(w)) {
        return (!a_things_name(found, phrase == ["name"])).then_some(found);
    }
    let by_id = named(&id_words(id))?;
    if a_things_name(by_id, id_words(id) == ["name"]) {
        return None;
    }
    // An id says what is stored, not always what is asked: "phone" may hold "What do you use
    // your phone for?", "name" may hold "Name of building". The id counts when the words ask
    // nothing else.
    let asks_else = words
        .first()
        .is_some_and(|w| w.first().is_some_and(|first| ASKS_ELSE.contains(&first.as_str())) || names_something_else(w));
    (!asks_else).then_some(by_id)
}

/// Words that start a question about something else: "How…", "Do you…", "¿Cómo…".
const ASKS_ELSE: &[&str] = &[
    "how",
    "why",
    "do",
    "does",
    "did",
    "are",
    "is",
    "was",
    "were",
    "have",
    "has",
    "had",
    "when",
    "which",
    "can",
    "could",
    "would",
    "should",
    "will",
    "if",
    "to",
    "in",
    "on",
    "at",
    "since",
    "comment",
    "pourquoi",
    "quand",
    "avez",
    "etes",
    "est",
    "como",
    "por",
    "cuando",
    "tiene",
    "usted",
    "porque",
    "quando",
    "voce",
    "tem",
    "كيف",
    "هل",
    "لماذا",
    "متى",
    // What the words ask, when they are not a request for the thing itself (that was read first).
    "what",
    "where",
    "who",
    "whom",
    "whose",
    "que",
    "quoi",
    "ou",
    "qui",
    "quien",
    "donde",
    "onde",
    "quem",
    "ماذا",
    "اين",
    "من",
];

/// Letters only, lower case, accents folded, Arabic marks and letter forms made one; the text
/// as words.
fn normalise(text: &str) -> Vec<String> {
    let mut out = String::with_capacity(text.len());
    let mut last_lower = false;
    for c in text.chars() {
        // camelCase in ids and labels: a capital after a small letter starts a word.
        if c.is_uppercase() && last_lower {
            out.push(' ');
        }
        last_lower = c.is_lowercase();
        let c = match c {
            // Arabic: short vowels and other marks go; alef forms are one letter.
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => continue,
            'أ' | 'إ' | 'آ' => 'ا',
            'ى' => 'ي',
            // Apostrophes join: "respondent's" is one word, "d'identité" two.
            '\'' | '’' => {
                out.push(' ');
                continue;
            }
            c => c,
        };
        for c in c.to_lowercase() {
            let c = fold(c);
            out.push(if c.is_alphanumeric() { c } else { ' ' });
        }
    }
    out.split_whitespace().map(str::to_string).collect()
}

/// An id as words: `respondent_name`, `phoneNumber`, `dob`.
fn id_words(id: &str) -> Vec<String> {
    normalise(&id.replace(['_', '-', '.'], " "))
}

/// Words that ask: dropped from the start before what is asked for is read.
const ASKING: &[&[&str]] = &[
    &["please"],
    &["kindly"],
    &["enter"],
    &["write"],
    &["type"],
    &["give"],
    &["provide"],
    &["state"],
    &["insert"],
    &["record"],
    &["fill", "in"],
    &["tell", "us"],
    &["what", "is"],
    &["what", "s"],
    &["whats"],
    &["what", "are"],
    &["your"],
    &["the"],
    &["my"],
    &["full"],
    &["an"],
    // French
    &["veuillez"],
    &["merci", "d", "indiquer"],
    &["indiquez"],
    &["indiquer"],
    &["entrez"],
    &["saisissez"],
    &["ecrivez"],
    &["donnez"],
    &["quel", "est"],
    &["quelle", "est"],
    &["quels", "sont"],
    &["votre"],
    &["vos"],
    &["ton"],
    &["ta"],
    &["le"],
    &["la"],
    &["l"],
    // Spanish, Portuguese
    &["por", "favor"],
    &["escriba"],
    &["ingrese"],
    &["introduzca"],
    &["indique"],
    &["cual", "es"],
    &["su"],
    &["tu"],
    &["el"],
    &["digite"],
    &["escreva"],
    &["informe"],
    &["qual", "e"],
    &["qual", "o"],
    &["qual", "a"],
    &["o", "seu"],
    &["a", "sua"],
    &["seu"],
    &["sua"],
    &["o"],
    &["a"],
    // Arabic
    &["ما", "هو"],
    &["ما", "هي"],
    &["ما"],
    &["اكتب"],
    &["ادخل"],
    &["يرجي"],
    &["الرجاء"],
    &["من", "فضلك"],
];

/// People whose name, number or address is asked for: "Respondent's name", "Name of the child".
const PEOPLE: &[&str] = &[
    "respondent",
    "respondents",
    "resp",
    "participant",
    "participants",
    "interviewee",
    "informant",
    "enumerator",
    "interviewer",
    "surveyor",
    "child",
    "childs",
    "children",
    "student",
    "students",
    "pupil",
    "pupils",
    "patient",
    "patients",
    "mother",
    "father",
    "parent",
    "parents",
    "caregiver",
    "guardian",
    "spouse",
    "partner",
    "husband",
    "wife",
    "head",
    "household",
    "contact",
    "person",
    "client",
    "beneficiary",
    "employee",
    "staff",
    "own",
    "legal",
    "s",
    "enfant",
    "repondant",
    "repondante",
    "eleve",
    "mere",
    "pere",
    "nino",
    "nina",
    "encuestado",
    "encuestada",
    "participante",
    "estudiante",
    "alumno",
    "alumna",
    "crianca",
    "entrevistado",
    "entrevistada",
    "aluno",
    "aluna",
    "leader",
    "user",
    "users",
];

/// Words that may follow what is asked for without asking for something else.
const FILLER: &[&str] = &[
    "other",
    "than",
    "present",
    "applicable",
    "house",
    "here",
    "below",
    "optional",
    "if",
    "any",
    "known",
    "please",
    "of",
    "the",
    "and",
    "or",
    "in",
    "full",
    "s",
    "no",
    "nr",
    "number",
    "en",
    "entier",
    "completo",
    "completa",
    "الكامل",
    "de",
    "du",
    "des",
    "del",
    "do",
    "da",
];

/// What is asked for, by the words that name it, in each language. The longer phrases first.
const ASKED: &[(Identifying, &[&str])] = &[
    // E-mail before address ("e-mail address"), postcode before code.
    (Identifying::Email, &["email", "address"]),
    (Identifying::Email, &["e", "mail", "address"]),
    (Identifying::Email, &["e", "mail"]),
    (Identifying::Email, &["email"]),
    (Identifying::Email, &["mail", "address"]),
    (Identifying::Email, &["adresse", "e", "mail"]),
    (Identifying::Email, &["adresse", "mail"]),
    (Identifying::Email, &["adresse", "electronique"]),
    (Identifying::Email, &["adresse", "courriel"]),
    (Identifying::Email, &["courriel"]),
    (Identifying::Email, &["correo", "electronico"]),
    (Identifying::Email, &["correo"]),
    (Identifying::Email, &["correio", "eletronico"]),
    (Identifying::Email, &["correio", "electronico"]),
    (Identifying::Email, &["endereco", "de", "e", "mail"]),
    (Identifying::Email, &["endereco", "de", "email"]),
    (Identifying::Email, &["البريد", "الالكتروني"]),
    (Identifying::Email, &["بريدك", "الالكتروني"]),
    (Identifying::Email, &["posta", "elettronica"]),
    (Identifying::Email, &["adres", "e", "mail"]),
    (Identifying::Email, &["e", "posta"]),
    (Identifying::Email, &["e", "bost"]),
    (Identifying::Email, &["ایمیل"]),
    (Identifying::Email, &["电子邮件"]),
    (Identifying::Email, &["邮箱"]),
    (Identifying::Postcode, &["postcode"]),
    (Identifying::Postcode, &["post", "code"]),
    (Identifying::Postcode, &["postal", "code"]),
    (Identifying::Postcode, &["zip", "code"]),
    (Identifying::Postcode, &["zipcode"]),
    (Identifying::Postcode, &["zip"]),
    (Identifying::Postcode, &["code", "postal"]),
    (Identifying::Postcode, &["codigo", "postal"]),
    (Identifying::Postcode, &["cep"]),
    (Identifying::Postcode, &["الرمز", "البريدي"]),
    (Identifying::Postcode, &["codice", "postale"]),
    (Identifying::Postcode, &["cap"]),
    (Identifying::Postcode, &["kod", "pocztowy"]),
    (Identifying::Postcode, &["cod", "postal"]),
    (Identifying::Postcode, &["posta", "kodu"]),
    (Identifying::Postcode, &["cod", "post"]),
    (Identifying::Postcode, &["pasto", "kodas"]),
    (Identifying::Postcode, &["邮编"]),
    (Identifying::Postcode, &["邮政编码"]),
    (Identifying::BirthDate, &["date", "of", "birth"]),
    (Identifying::BirthDate, &["birth", "date"]),
    (Identifying::BirthDate, &["birthdate"]),
    (Identifying::BirthDate, &["birthday"]),
    (Identifying::BirthDate, &["dob"]),
    (Identifying::BirthDate, &["d", "o", "b"]),
    (Identifying::BirthDate, &["date", "de", "naissance"]),
    (Identifying::BirthDate, &["fecha", "de", "nacimiento"]),
    (Identifying::BirthDate, &["data", "de", "nascimento"]),
    (Identifying::BirthDate, &["تاريخ", "الميلاد"]),
    (Identifying::BirthDate, &["تاريخ", "ميلادك"]),
    (Identifying::BirthDate, &["data", "di", "nascita"]),
    (Identifying::BirthDate, &["data", "urodzenia"]),
    (Identifying::BirthDate, &["data", "nasterii"]),
    (Identifying::BirthDate, &["dogum", "tarihi"]),
    (Identifying::BirthDate, &["dyddiad", "geni"]),
    (Identifying::BirthDate, &["gimimo", "data"]),
    (Identifying::BirthDate, &["taariikhda", "dhalashada"]),
    (Identifying::BirthDate, &["تاریخ", "تولد"]),
    (Identifying::BirthDate, &["تاریخ", "پیدائش"]),
    (Identifying::BirthDate, &["出生日期"]),
    (Identifying::Phone, &["phone", "number"]),
    (Identifying::Phone, &["telephone", "number"]),
    (Identifying::Phone, &["mobile", "number"]),
    (Identifying::Phone, &["mobile", "phone", "number"]),
    (Identifying::Phone, &["cell", "number"]),
    (Identifying::Phone, &["cell", "phone", "number"]),
    (Identifying::Phone, &["contact", "number"]),
    (Identifying::Phone, &["whatsapp", "number"]),
    (Identifying::Phone, &["phone"]),
    (Identifying::Phone, &["telephone"]),
    (Identifying::Phone, &["tel"]),
    (Identifying::Phone, &["mobile"]),
    (Identifying::Phone, &["cellphone"]),
    (Identifying::Phone, &["numero", "de", "telephone"]),
    (Identifying::Phone, &["numero", "de", "portable"]),
    (Identifying::Phone, &["portable"]),
    (Identifying::Phone, &["numero", "de", "telefono"]),
    (Identifying::Phone, &["telefono"]),
    (Identifying::Phone, &["celular"]),
    (Identifying::Phone, &["movil"]),
    (Identifying::Phone, &["numero", "de", "telefone"]),
    (Identifying::Phone, &["numero", "de", "celular"]),
    (Identifying::Phone, &["telefone"]),
    (Identifying::Phone, &["telemovel"]),
    (Identifying::Phone, &["رقم", "الهاتف"]),
    (Identifying::Phone, &["رقم", "هاتفك"]),
    (Identifying::Phone, &["رقم", "الجوال"]),
    (Identifying::Phone, &["رقم", "الموبايل"]),
    (Identifying::Phone, &["رقم", "التلفون"]),
    (Identifying::Phone, &["الهاتف"]),
    (Identifying::Phone, &["cellulare"]),
    (Identifying::Phone, &["numer", "telefonu"]),
    (Identifying::Phone, &["telefon"]),
    (Identifying::Phone, &["numar", "de", "telefon"]),
    (Identifying::Phone, &["telefon", "numarasi"]),
    (Identifying::Phone, &["rhif", "ffon"]),
    (Identifying::Phone, &["telefono", "numeris"]),
    (Identifying::Phone, &["lambarka", "taleefanka"]),
    (Identifying::Phone, &["شماره", "تلفن"]),
    (Identifying::Phone, &["فون", "نمبر"]),
    (Identifying::Phone, &["电话"]),
    (Identifying::Phone, &["手机号"]),
    (Identifying::Phone, &["电话号码"]),
    (Identifying::Number, &["nhs", "number"]),
    (Identifying::Number, &["nhs"]),
    (Identifying::Number, &["national", "insurance", "number"]),
    (Identifying::Number, &["national", "insurance"]),
    (Identifying::Number, &["ni", "number"]),
    (Identifying::Number, &["social", "security", "number"]),
    (Identifying::Number, &["social", "security"]),
    (Identifying::Number, &["ssn"]),
    (Identifying::Number, &["national", "id", "number"]),
    (Identifying::Number, &["national", "id"]),
    (Identifying::Number, &["national", "identity", "number"]),
    (Identifying::Number, &["id", "number"]),
    (Identifying::Number, &["id", "card", "number"]),
    (Identifying::Number, &["identity", "card", "number"]),
    (Identifying::Number, &["identity", "number"]),
    (Identifying::Number, &["passport", "number"]),
    (Identifying::Number, &["passport"]),
    (Identifying::Number, &["student", "id"]),
    (Identifying::Number, &["student", "number"]),
    (Identifying::Number, &["pupil", "number"]),
    (Identifying::Number, &["unique", "pupil", "number"]),
    (Identifying::Number, &["upn"]),
    (Identifying::Number, &["employee", "id"]),
    (Identifying::Number, &["employee", "number"]),
    (Identifying::Number, &["staff", "id"]),
    (Identifying::Number, &["staff", "number"]),
    (Identifying::Number, &["payroll", "number"]),
    (Identifying::Number, &["patient", "id"]),
    (Identifying::Number, &["patient", "number"]),
    (Identifying::Number, &["hospital", "number"]),
    (Identifying::Number, &["medical", "record", "number"]),
    (Identifying::Number, &["mrn"]),
    (Identifying::Number, &["driving", "licence", "number"]),
    (Identifying::Number, &["driver", "s", "license", "number"]),
    (Identifying::Number, &["tax", "number"]),
    (Identifying::Number, &["numero", "de", "securite", "sociale"]),
    (Identifying::Number, &["numero", "d", "identite"]),
    (Identifying::Number, &["carte", "d", "identite"]),
    (Identifying::Number, &["numero", "etudiant"]),
    (Identifying::Number, &["matricule"]),
    (Identifying::Number, &["numero", "de", "documento"]),
    (Identifying::Number, &["numero", "de", "identificacion"]),
    (Identifying::Number, &["numero", "de", "seguridad", "social"]),
    (Identifying::Number, &["dni"]),
    (Identifying::Number, &["cedula"]),
    (Identifying::Number, &["numero", "de", "cedula"]),
    (Identifying::Number, &["numero", "de", "dni"]),
    (Identifying::Number, &["numero", "de", "pasaporte"]),
    (Identifying::Number, &["numero", "de", "passaporte"]),
    (Identifying::Number, &["curp"]),
    (Identifying::Number, &["pasaporte"]),
    (Identifying::Number, &["cpf"]),
    (Identifying::Number, &["numero", "de", "identidade"]),
    (Identifying::Number, &["numero", "do", "cartao", "de", "cidadao"]),
    (Identifying::Number, &["numero", "de", "estudante"]),
    (Identifying::Number, &["رقم", "الهوية"]),
    (Identifying::Number, &["الرقم", "الوطني"]),
    (Identifying::Number, &["الرقم", "القومي"]),
    (Identifying::Number, &["رقم", "جواز", "السفر"]),
    (Identifying::Number, &["codice", "fiscale"]),
    (Identifying::Number, &["pesel"]),
    (Identifying::Number, &["cnp"]),
    (Identifying::Number, &["kimlik", "numarasi"]),
    (Identifying::Number, &["tc", "kimlik", "numarasi"]),
    // Kiswahili
    (Identifying::Name, &["jina", "lako"]),
    (Identifying::Name, &["jina", "kamili"]),
    (Identifying::Name, &["jina"]),
    (Identifying::Phone, &["namba", "yako", "ya", "simu"]),
    (Identifying::Phone, &["namba", "ya", "simu"]),
    (Identifying::Phone, &["simu"]),
    (Identifying::BirthDate, &["tarehe", "ya", "kuzaliwa"]),
    (Identifying::Email, &["barua", "pepe"]),
    (Identifying::Name, &["preferred", "name"]),
    (Identifying::Name, &["nickname"]),
    (Identifying::Name, &["full", "name"]),
    (Identifying::Name, &["first", "name"]),
    (Identifying::Name, &["last", "name"]),
    (Identifying::Name, &["given", "name"]),
    (Identifying::Name, &["family", "name"]),
    (Identifying::Name, &["middle", "name"]),
    (Identifying::Name, &["maiden", "name"]),
    (Identifying::Name, &["first", "and", "last", "name"]),
    (Identifying::Name, &["name", "and", "surname"]),
    (Identifying::Name, &["surname"]),
    (Identifying::Name, &["forename"]),
    (Identifying::Name, &["firstname"]),
    (Identifying::Name, &["lastname"]),
    (Identifying::Name, &["fullname"]),
    (Identifying::Name, &["name"]),
    (Identifying::Name, &["names"]),
    (Identifying::Name, &["nom", "et", "prenom"]),
    (Identifying::Name, &["nom", "prenom"]),
    (Identifying::Name, &["prenom", "et", "nom"]),
    (Identifying::Name, &["nom", "de", "famille"]),
    (Identifying::Name, &["nom", "complet"]),
    (Identifying::Name, &["prenom"]),
    (Identifying::Name, &["nom"]),
    (Identifying::Name, &["nombre", "y", "apellidos"]),
    (Identifying::Name, &["nombre", "completo"]),
    (Identifying::Name, &["apellidos"]),
    (Identifying::Name, &["apellido"]),
    (Identifying::Name, &["nombre"]),
    (Identifying::Name, &["nome", "completo"]),
    (Identifying::Name, &["sobrenome"]),
    (Identifying::Name, &["apelido"]),
    (Identifying::Name, &["nome"]),
    (Identifying::Name, &["cognome"]),
    (Identifying::Name, &["الاسم", "الكامل"]),
    (Identifying::Name, &["اسمك"]),
    (Identifying::Name, &["الاسم"]),
    (Identifying::Name, &["اسم", "العائلة"]),
    (Identifying::Name, &["اللقب"]),
    (Identifying::Name, &["imie", "i", "nazwisko"]),
    (Identifying::Name, &["imie"]),
    (Identifying::Name, &["nazwisko"]),
    (Identifying::Name, &["nume", "si", "prenume"]),
    (Identifying::Name, &["prenume"]),
    (Identifying::Name, &["nume"]),
    (Identifying::Name, &["ad", "soyad"]),
    (Identifying::Name, &["adiniz"]),
    (Identifying::Name, &["soyadi"]),
    (Identifying::Name, &["soyad"]),
    (Identifying::Name, &["isim"]),
    (Identifying::Name, &["enw", "llawn"]),
    (Identifying::Name, &["enw"]),
    (Identifying::Name, &["cyfenw"]),
    (Identifying::Name, &["vardas", "ir", "pavarde"]),
    (Identifying::Name, &["vardas"]),
    (Identifying::Name, &["pavarde"]),
    (Identifying::Name, &["magacaaga"]),
    (Identifying::Name, &["magaca"]),
    (Identifying::Name, &["نام", "و", "نام", "خانوادگی"]),
    (Identifying::Name, &["نام", "خانوادگی"]),
    (Identifying::Name, &["نام"]),
    (Identifying::Name, &["নাম"]),
    (Identifying::Name, &["ਨਾਮ"]),
    (Identifying::Name, &["નામ"]),
    (Identifying::Name, &["பெயர்"]),
    (Identifying::Name, &["姓名"]),
    (Identifying::Name, &["名字"]),
    (Identifying::Address, &["home", "address"]),
    (Identifying::Address, &["street", "name"]),
    (Identifying::Address, &["street", "and", "house", "number"]),
    (Identifying::Address, &["house", "number"]),
    (Identifying::Address, &["address", "number"]),
    (Identifying::Address, &["housenumber"]),
    (Identifying::Address, &["street"]),
    (Identifying::Address, &["anwani"]),
    (Identifying::Address, &["street", "address"]),
    (Identifying::Address, &["postal", "address"]),
    (Identifying::Address, &["residential", "address"]),
    (Identifying::Address, &["address"]),
    (Identifying::Address, &["adresse"]),
    (Identifying::Address, &["direccion"]),
    (Identifying::Address, &["domicilio"]),
    (Identifying::Address, &["endereco"]),
    (Identifying::Address, &["morada"]),
    (Identifying::Address, &["العنوان"]),
    (Identifying::Address, &["عنوانك"]),
    (Identifying::Address, &["indirizzo"]),
    (Identifying::Address, &["adres"]),
    (Identifying::Address, &["adresa"]),
    (Identifying::Address, &["adresiniz"]),
    (Identifying::Address, &["cyfeiriad"]),
    (Identifying::Address, &["adresas"]),
    (Identifying::Address, &["cinwaanka"]),
    (Identifying::Address, &["نشانی"]),
    (Identifying::Address, &["آدرس"]),
    (Identifying::Address, &["پتہ"]),
    (Identifying::Address, &["ঠিকানা"]),
    (Identifying::Address, &["ਪਤਾ"]),
    (Identifying::Address, &["સરનામું"]),
    (Identifying::Address, &["முகவரி"]),
    (Identifying::Address, &["地址"]),
    (Identifying::WhoTheyAre, &["who", "are", "you"]),
    (Identifying::WhoTheyAre, &["about", "yourself"]),
    (Identifying::WhoTheyAre, &["introduce", "yourself"]),
    (Identifying::WhoTheyAre, &["describe", "yourself"]),
    (Identifying::WhoTheyAre, &["contact", "details"]),
    (Identifying::WhoTheyAre, &["contact", "information"]),
    (Identifying::WhoTheyAre, &["contact", "info"]),
    (Identifying::WhoTheyAre, &["personal", "details"]),
    (Identifying::WhoTheyAre, &["personal", "information"]),
    (Identifying::WhoTheyAre, &["how", "can", "we", "contact", "you"]),
    (Identifying::WhoTheyAre, &["how", "can", "we", "reach", "you"]),
    (Identifying::WhoTheyAre, &["how", "should", "we", "contact", "you"]),
    (Identifying::WhoTheyAre, &["qui", "etes", "vous"]),
    (Identifying::WhoTheyAre, &["coordonnees"]),
    (Identifying::WhoTheyAre, &["quien", "es", "usted"]),
    (Identifying::WhoTheyAre, &["datos", "de", "contacto"]),
    (Identifying::WhoTheyAre, &["datos", "personales"]),
    (Identifying::WhoTheyAre, &["quem", "e", "voce"]),
    (Identifying::WhoTheyAre, &["dados", "de", "contato"]),
    (Identifying::WhoTheyAre, &["dados", "pessoais"]),
    (Identifying::WhoTheyAre, &["من", "انت"]),
    (Identifying::WhoTheyAre, &["بيانات", "الاتصال"]),
];

/// What says a bare "name" is a thing's, not a person's: everyone has a name, so "if any" and
/// "if it has one" are said of a road or a building.
const IF_IT_HAS_ONE: &[&[&str]] = &[
    &["if", "any"],
    &["if", "it", "has", "one"],
    &["if", "it", "has", "a", "name"],
    &["if", "there", "is", "one"],
    &["if", "present"],
    &["s", "il", "en", "a", "un"],
    &["si", "tiene"],
    &["si", "lo", "tiene"],
    &["se", "tiver"],
    &["se", "houver"],
];

/// "If you wish": the thing is still asked for.
const IF_YOU_WISH: &[&[&str]] = &[
    &["if", "you", "wish"],
    &["if", "you", "want", "to"],
    &["if", "you", "want"],
    &["if", "you", "like"],
    &["if", "you", "are", "happy", "to"],
    &["si", "vous", "le", "souhaitez"],
    &["si", "lo", "desea"],
    &["se", "quiser"],
];

/// Words that say whose: a person's.
const PERSONAL: &[&str] =
    &["your", "my", "you", "yourself", "votre", "ton", "ta", "vous", "su", "tu", "usted", "seu", "sua", "voce"];

/// Whether a question's words (each of its texts, normalised) say that the bare "name" they ask
/// for is a thing's: "if any" or "if it has one", or "the name" with nothing after it, and no
/// word of a person (whose, or who: "your", "respondent").
fn of_a_thing(texts: &[Vec<String>]) -> bool {
    let all = texts.iter().flatten().map(String::as_str);
    let person = |w: &str| (PEOPLE.contains(&w) && w != "s") || PERSONAL.contains(&w);
    if all.clone().any(person) {
        return false;
    }
    texts.iter().any(|words| {
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let has_one = IF_IT_HAS_ONE.iter().any(|q| words.windows(q.len()).any(|w| w == *q));
        let the_name =
            [["the", "name"], ["le", "nom"], ["el", "nombre"], ["o", "nome"]].iter().any(|end| words.ends_with(end));
        has_one || the_name
    })
}

/// Words that make a postcode question harmless: only its first half, or an area, is asked for.
const PART_OF_POSTCODE: &[&str] =
    &["first", "half", "part", "outward", "district", "area", "sector", "letters", "characters", "premiere", "partie"];

/// What a question's words (`words`, normalised) ask for, if they are a request for something
/// that identifies the respondent: the asking words and whose it is first, then the thing, then
/// nothing but filler.
fn request(words: &[String]) -> Option<Identifying> {
    request_phrase(words).map(|(what, _)| what)
}

/// [`request`], with the words that named what is asked for.
fn request_phrase(words: &[String]) -> Option<(Identifying, &'static [&'static str])> {
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    // Whole phrases that ask who the respondent is, anywhere in a short text.
    for (what, phrase) in ASKED.iter().filter(|(w, _)| *w == Identifying::WhoTheyAre) {
        if words.len() <= 12 && words.windows(phrase.len()).any(|w| w == *phrase) {
            return Some((*what, phrase));
        }
    }
    let mut rest = &words[..];
    // The asking words, and whose it is ("your", "respondent's", "child"), in any order, up to
    // the thing ("Student ID": the student's is the thing).
    loop {
        if ASKED.iter().any(|(_, phrase)| rest.starts_with(phrase)) {
            break;
        }
        if let Some(asking) = ASKING.iter().find(|a| rest.starts_with(a)) {
            rest = &rest[asking.len()..];
        } else if rest.first().is_some_and(|w| PEOPLE.contains(w)) {
            rest = &rest[1..];
        } else {
            break;
        }
    }
    let (what, phrase) = ASKED.iter().find(|(_, phrase)| rest.starts_with(phrase))?;
    let after = &rest[phrase.len()..];
    if *what == Identifying::Postcode && words.iter().any(|w| PART_OF_POSTCODE.contains(w)) {
        return None;
    }
    // "Name of your school" names a school; "Name of the respondent", "Nom et prénom de l'enfant"
    // name a person. After the thing: filler, people, or another such thing ("name and phone").
    let mut tail = after;
    while let Some(first) = tail.first() {
        if let Some((_, phrase)) = ASKED.iter().find(|(_, p)| tail.starts_with(p)) {
            tail = &tail[phrase.len()..];
        } else if let Some(phrase) = IF_YOU_WISH.iter().find(|p| tail.starts_with(p)) {
            tail = &tail[phrase.len()..];
        } else if FILLER.contains(first) || PEOPLE.contains(first) || ASKING.iter().any(|a| a == &[*first]) {
            tail = &tail[1..];
        } else {
            return None;
        }
    }
    Some((*what, phrase))
}

/// Whether the words, past the asking ones, start with one of the things but go on to another
/// ("Name of building"): a request would have matched if they were the thing itself.
fn names_something_else(words: &[String]) -> bool {
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let mut rest = &words[..];
    while let Some(asking) = ASKING.iter().find(|a| rest.starts_with(a)) {
        rest = &rest[asking.len()..];
    }
    ASKED.iter().any(|(_, phrase)| rest.starts_with(phrase))
        && request(&words.iter().map(|w| w.to_string()).collect::<Vec<_>>()).is_none()
}

/// What an id names, if it is the thing itself (`respondent_name`, `phone`, `dob`), not
/// something about it (`school_name`, `phone_use`).
fn named(words: &[String]) -> Option<Identifying> {
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let start = words.iter().take_while(|w| PEOPLE.contains(w) || matches!(**w, "your" | "my")).count();
    let rest = &words[start..];
    let tail = |after: &[&str]| after.iter().all(|w| matches!(*w, "number" | "no" | "nr" | "num" | "1" | "2" | "full"));
    let first = ASKED
        .iter()
        .filter(|(what, _)| *what != Identifying::WhoTheyAre)
        .find(|(_, phrase)| rest.starts_with(phrase) && tail(&rest[phrase.len()..]));
    if let Some((what, _)) = first {
        return Some(*what);
    }
    // A phrase of two words or more ends the id whatever comes before it: `patien_first_name`.
    (1..words.len()).find_map(|start| {
        let rest = &words[start..];
        ASKED
            .iter()
            .filter(|(what, phrase)| *what != Identifying::WhoTheyAre && phrase.len() >= 2)
            .find(|(_, phrase)| rest.starts_with(phrase) && tail(&rest[phrase.len()..]))
            .map(|(what, _)| *what)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (id, words in any language, what it asks for): what the detector must flag, and what
    /// it must not (`None`).
    const EXAMPLES: &[(&str, &str, Option<Identifying>)] = &[
        // English
        ("q1", "What is your name?", Some(Identifying::Name)),
        ("q2", "Your full name (optional)", Some(Identifying::Name)),
        ("q3", "Respondent's first name", Some(Identifying::Name)),
        ("q4", "Name of the respondent", Some(Identifying::Name)),
        ("q5", "Please enter your e-mail address", Some(Identifying::Email)),
        ("q6", "Email", Some(Identifying::Email)),
        ("q7", "Phone number", Some(Identifying::Phone)),
        ("q8", "What is your mobile number?", Some(Identifying::Phone)),
        ("q9", "Date of birth", Some(Identifying::BirthDate)),
        ("q10", "Your home address", Some(Identifying::Address)),
        ("q11", "Postcode", Some(Identifying::Postcode)),
        ("q12", "What is your NHS number?", Some(Identifying::Number)),
        ("q13", "Student ID", Some(Identifying::Number)),
        ("q14", "National Insurance number", Some(Identifying::Number)),
        ("q15", "Tell us about yourself", Some(Identifying::WhoTheyAre)),
        ("q16", "Your contact details", Some(Identifying::WhoTheyAre)),
        ("q17", "Name and phone number", Some(Identifying::Name)),
        ("resp_name", "Respondent", Some(Identifying::Name)),
        ("phoneNumber", "Contact", Some(Identifying::Phone)),
        ("dob", "Geburtsdatum", Some(Identifying::BirthDate)),
        // French, Spanish, Portuguese
        ("f1", "Nom et prénom", Some(Identifying::Name)),
        ("f2", "Quel est votre numéro de téléphone ?", Some(Identifying::Phone)),
        ("f3", "Adresse e-mail", Some(Identifying::Email)),
        ("f4", "Date de naissance", Some(Identifying::BirthDate)),
        ("f5", "Votre adresse", Some(Identifying::Address)),
        ("f6", "Code postal", Some(Identifying::Postcode)),
        ("e1", "¿Cuál es su nombre completo?", Some(Identifying::Name)),
        ("e2", "Fecha de nacimiento", Some(Identifying::BirthDate)),
        ("e3", "Correo electrónico", Some(Identifying::Email)),
        ("e4", "Número de teléfono", Some(Identifying::Phone)),
        ("e5", "Dirección", Some(Identifying::Address)),
        ("e6", "Número de cédula", Some(Identifying::Number)),
        ("p1", "Qual é o seu nome?", Some(Identifying::Name)),
        ("p2", "Data de nascimento", Some(Identifying::BirthDate)),
        ("p3", "Endereço", Some(Identifying::Address)),
        ("p4", "CPF", Some(Identifying::Number)),
        ("p5", "Telefone", Some(Identifying::Phone)),
        // Arabic, with and without the short vowels
        ("a1", "ما هو اسمك؟", Some(Identifying::Name)),
        ("a2", "الاسم الكامل", Some(Identifying::Name)),
        ("a3", "رقم الهاتف", Some(Identifying::Phone)),
        ("a4", "تَارِيخ المِيلاد", Some(Identifying::BirthDate)),
        ("a5", "العنوان", Some(Identifying::Address)),
        ("a6", "البريد الإلكتروني", Some(Identifying::Email)),
        ("a7", "رقم الهوية", Some(Identifying::Number)),
        // Other interface languages' common words
        ("o1", "Imię i nazwisko", Some(Identifying::Name)),
        ("o2", "Numer telefonu", Some(Identifying::Phone)),
        ("o3", "Doğum tarihi", Some(Identifying::BirthDate)),
        ("o4", "Cognome", Some(Identifying::Name)),
        ("o5", "Enw", Some(Identifying::Name)),
        ("o6", "姓名", Some(Identifying::Name)),
        ("o7", "نام و نام خانوادگی", Some(Identifying::Name)),
        ("f7", "Nom de l'enfant", Some(Identifying::Name)),
        ("n16", "Nom de votre école", None),
        ("n17", "Nombre de la escuela", None),
        ("x1", "Enter an address", Some(Identifying::Address)),
        ("x2", "Street Name", Some(Identifying::Address)),
        ("x3", "Address number (house number if present)", Some(Identifying::Address)),
        ("x4", "Jina Lako", Some(Identifying::Name)),
        ("x5", "Namba Yako ya Simu", Some(Identifying::Phone)),
        ("x6", "What is the user's preferred name?", Some(Identifying::Name)),
        ("n18", "Name of building (if present)", None),
        ("n19", "Ward name", None),
        ("n20", "Which street do you feel least safe on?", None),
        ("x7", "Name (if other than patient):", Some(Identifying::Name)),
        ("name", "Name of building (if present)", None),
        ("patientLastName", "(Last)", Some(Identifying::Name)),
        ("patienFirstName", "(First)", Some(Identifying::Name)),
        // Not asking for one: mentioned, about something else, or a part that identifies nobody
        ("n1", "How safe do you feel at your address?", None),
        ("n2", "Name of your school", None),
        ("n3", "What is the name of the app you use most?", None),
        ("n4", "How often do you use your phone at night?", None),
        ("n5", "Do you feel safe at home?", None),
        ("n6", "Which area do you live in?", None),
        ("n7", "The first half of your postcode (like E16)", None),
        ("n8", "What would make you feel safer where you live?", None),
        ("n9", "How old are you?", None),
        ("n10", "Why did you not give your name to the police?", None),
        ("phone", "What do you mostly use your phone for?", None),
        ("school_name", "Which school do you go to?", None),
        ("n11", "Comment vous sentez-vous à votre adresse ?", None),
        ("n12", "¿Con qué frecuencia usa su teléfono?", None),
        ("n13", "كيف تشعر بالأمان في عنوانك؟", None),
        ("n14", "Village name", None),
        ("n15", "Number of people in your household", None),
        // A bare "name" that is a thing's (HOT's mapping forms): everyone has a name, and is asked
        // for theirs.
        ("name", "Name (if any)", None),
        ("name", "What is the name?", None),
        ("n21", "What's the name?", None),
        ("n22", "Nom (s'il en a un)", None),
        // ...but a person's, whatever follows, when the words say whose or which name.
        ("x8", "Your name (if any)", Some(Identifying::Name)),
        ("x9", "Nickname (if any)", Some(Identifying::Name)),
        ("x10", "Middle name (if any)", Some(Identifying::Name)),
        ("x11", "Name of the child (if any)", Some(Identifying::Name)),
        ("x12", "Household head: what is the name?", Some(Identifying::Name)),
        ("x13", "Name (if you wish)", Some(Identifying::Name)),
        ("x14", "What is the name of the respondent?", Some(Identifying::Name)),
        // A bare "Name" box reads as the respondent's, even on a form that maps campsites
        // (HOT's Camping: "Name", hinted "Name or ID ?"): the words cannot tell, so it is flagged.
        ("name", "Name", Some(Identifying::Name)),
        // Known miss: "the name" of someone the form has not named ("Please enter the name") is
        // taken for a thing's.
        ("n23", "Please enter the name", None),
    ];

    #[test]
    fn the_examples_are_read_as_they_ask() {
        let mut wrong = Vec::new();
        for (id, text, expected) in EXAMPLES {
            let found = asks_for(id, &[text]);
            if found != *expected {
                wrong.push(format!("{id} {text:?}: {found:?}, expected {expected:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn a_hint_that_says_a_thing_has_the_name_is_read_with_it() {
        // HOT's Emergency form: "Name", hinted "if it has one"; Camping: "Name", "Name or ID ?".
        assert_eq!(asks_for("name", &["Name", "if it has one"]), None);
        assert_eq!(asks_for("name", &["Name", "Name or ID ?"]), Some(Identifying::Name));
        assert_eq!(asks_for("q", &["Your name", "if it has one"]), Some(Identifying::Name));
    }

    #[test]
    fn a_list_to_pick_a_name_from_is_a_name_and_nothing_else_a_choice_asks_is() {
        // UCL's form: "Your Name", picked from the enumerators' names.
        assert_eq!(identifies("single_choice", "leader_name", &["Your Name"]), Some(Identifying::Name));
        assert_eq!(identifies("dropdown", "q", &["Jina Lako"]), Some(Identifying::Name));
        assert_eq!(identifies("short_text", "q", &["Postcode"]), Some(Identifying::Postcode));
        // Areas to pick from are not an address; a list of postcode districts is not a postcode.
        assert_eq!(identifies("single_choice", "q", &["Postcode"]), None);
        assert_eq!(identifies("dropdown", "q", &["Your address"]), None);
        assert_eq!(identifies("single_choice", "q", &["Name of your school"]), None);
        assert_eq!(identifies("multiple_choice", "q", &["Your name"]), None);
        assert_eq!(identifies("scale", "q", &["Your name"]), None);
    }

    #[test]
    fn every_language_of_a_question_is_read() {
        assert_eq!(asks_for("q", &["Safety", "Numéro de téléphone"]), Some(Identifying::Phone));
        assert_eq!(asks_for("q", &["Where do you feel safe?", "أين تشعر بالأمان؟"]), None);
    }
}

#[cfg(test)]
mod check_tests {
    #[test]
    fn check_warns_about_a_question_asking_who_the_respondent_is_and_says_why() {
        let survey = serde_json::json!({
            "format": "speaksafe/1", "id": "t", "languages": ["en"], "title": "T", "intro": "I", "completion": "C",
            "pages": [{ "id": "p", "title": "P", "questions": [
                { "id": "who", "kind": "short_text", "text": "What is your name?" },
                { "id": "where", "kind": "long_text", "text": "How safe do you feel at your address?" },
                { "id": "pick", "kind": "single_choice", "text": "Your name?", "options": [{ "value": "a", "text": "A" }] }
            ]}]
        });
        let checked = crate::read(&survey.to_string()).expect("a survey");
        let found: Vec<String> = checked
            .warnings
            .iter()
            .filter(|w| w.message.contains("looks like it asks"))
            .map(ToString::to_string)
            .collect();
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(
            found[0].starts_with("pages[0].questions[0].text: \"who\" looks like it asks for a name"),
            "{}",
            found[0]
        );
        assert!(found[0].contains("nobody can see"), "{}", found[0]);
        // A name picked from a list is a name all the same.
        assert!(
            found[1].starts_with("pages[0].questions[2].text: \"pick\" looks like it asks for a name"),
            "{}",
            found[1]
        );
    }
}
