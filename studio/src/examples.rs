//! The example surveys, built into the studio: opening one makes no request.

/// (name, the definition as written).
pub const EXAMPLES: [(&str, &str); 2] = [
    ("Survivor consultation", include_str!("../../surveys/survivor-consultation.json")),
    ("Youth Voice", include_str!("../../surveys/youth-voice.json")),
];
