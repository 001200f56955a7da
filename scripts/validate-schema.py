#!/usr/bin/env python3
"""Checks core/schema/survey.schema.json, and the surveys against it.

  python3 scripts/validate-schema.py                 # every surveys/*.json
  python3 scripts/validate-schema.py surveys/x.json  # just these

1. The schema itself is valid JSON Schema (draft 2020-12).
2. Every survey given (default: surveys/*.json, and the complete example survey in
   docs/survey-format.md) is valid against it.
3. Broken copies of a good survey (an unknown field, a wrong kind, missing options, ...)
   are rejected, so the schema is not accidentally letting everything through.

The schema checks shape only. `speaksafe check` also checks what a schema cannot:
that conditions name questions that exist, that ids are unique, that texts use the
survey's languages. Exits 1 if anything fails, 2 if `jsonschema` is not installed
(pip install jsonschema).
"""

import copy
import json
import sys
from pathlib import Path

try:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match
except ImportError:
    print("validate-schema: the Python package jsonschema is needed: pip install jsonschema", file=sys.stderr)
    sys.exit(2)

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "core" / "schema" / "survey.schema.json"
GUIDE = ROOT / "docs" / "survey-format.md"
# The organisers' guide marks its complete example survey with this line, just above the ```json block.
GUIDE_MARK = "<!-- example: complete survey"

passed = 0
failed = 0


def ok(what):
    global passed
    passed += 1
    print(f"ok      {what}")


def fail(what, detail=""):
    global failed
    failed += 1
    print(f"FAILED  {what}")
    for line in detail.splitlines():
        print(f"        {line}")


def describe(error):
    """One line per problem: where it is, and what is wrong."""
    where = error.json_path.replace("$.", "", 1) if error.json_path != "$" else "(top level)"
    return f"{where}: {error.message}"


def problems(validator, document):
    errors = sorted(validator.iter_errors(document), key=lambda e: e.json_path)
    return [describe(e) for e in errors]


# A small survey that is valid: each broken variant below starts from a copy of it.
MINIMAL = {
    "format": "speaksafe/1",
    "id": "minimal",
    "languages": ["en"],
    "title": "A small survey",
    "intro": "Hello.",
    "completion": "Thank you.",
    "pages": [
        {
            "id": "p1",
            "title": "Page one",
            "questions": [
                {"id": "q1", "kind": "single_choice", "text": "Pick one",
                 "options": [{"value": "a", "text": "A"}, {"value": "b", "text": "B"}], "prefer_not_to_say": True},
                {"id": "q2", "kind": "multiple_choice", "text": "Pick any",
                 "options": [{"value": "x", "text": "X"}, {"value": "none", "text": "None of these", "exclusive": True}],
                 "other": "Something else"},
                {"id": "q3", "kind": "scale", "text": "How much?", "min": 1, "max": 5},
                {"id": "q4", "kind": "short_text", "text": "Area",
                 "validation": [{"rule": "pattern", "pattern": "^[A-Z]", "message": "Capital first"}]},
                {"id": "q5", "kind": "number", "text": "Age", "min": 11, "max": 16, "integer": True,
                 "validation": [{"rule": "range", "min": 11, "max": 16, "message": "11 to 16"}]},
                {"id": "q6", "kind": "info", "text": "Some information."},
            ],
        }
    ],
}


def guide_example():
    """The complete example survey in docs/survey-format.md, or None if the guide has none."""
    if not GUIDE.exists():
        return None
    text = GUIDE.read_text(encoding="utf-8")
    start = text.find(GUIDE_MARK)
    if start < 0:
        return None
    start = text.index("```json", start) + len("```json")
    return json.loads(text[start:text.index("```", start)])


def q(survey, n):
    return survey["pages"][0]["questions"][n]


def broken_variants():
    """(what is wrong, how to break a copy of MINIMAL)."""

    def unknown_top(s):
        s["colour"] = "blue"

    def unknown_question_field(s):
        q(s, 0)["requried"] = True

    def wrong_kind(s):
        q(s, 0)["kind"] = "checkbox"

    def missing_kind(s):
        del q(s, 0)["kind"]

    def missing_options(s):
        del q(s, 0)["options"]

    def empty_options(s):
        q(s, 0)["options"] = []

    def option_without_text(s):
        del q(s, 0)["options"][0]["text"]

    def exclusive_on_single_choice(s):
        q(s, 0)["options"][0]["exclusive"] = True

    def other_on_a_scale(s):
        q(s, 2)["other"] = "Something else"

    def reserved_value(s):
        q(s, 0)["options"][0]["value"] = "prefer_not_to_say"

    def reserved_other_value(s):
        q(s, 1)["options"][0]["value"] = "other"

    def bad_option_value(s):
        q(s, 0)["options"][0]["value"] = "a b"

    def scale_both_forms(s):
        q(s, 2)["options"] = [{"value": "lo", "text": "Low"}]

    def scale_without_max(s):
        del q(s, 2)["max"]

    def matrix_without_columns(s):
        s["pages"][0]["questions"].append(
            {"id": "m", "kind": "matrix", "text": "Grid", "rows": [{"value": "r", "text": "R"}]})

    def range_rule_on_text(s):
        q(s, 3)["validation"] = [{"rule": "range", "min": 1, "max": 2, "message": "no"}]

    def length_rule_on_number(s):
        q(s, 4)["validation"] = [{"rule": "length", "max": 2, "message": "no"}]

    def rule_without_message(s):
        del q(s, 4)["validation"][0]["message"]

    def unknown_rule(s):
        q(s, 3)["validation"][0]["rule"] = "regex"

    def info_with_options(s):
        q(s, 5)["options"] = [{"value": "a", "text": "A"}]

    def info_with_required(s):
        q(s, 5)["required"] = False

    def required_not_boolean(s):
        q(s, 0)["required"] = "no"

    def wrong_format(s):
        s["format"] = "speaksafe/2"

    def missing_title(s):
        del s["title"]

    def bad_survey_id(s):
        s["id"] = "My Survey"

    def text_not_string(s):
        s["intro"] = 42

    def text_bad_language_key(s):
        s["intro"] = {"English": "Hello."}

    def bad_language(s):
        s["languages"] = [{"code": "ar", "dir": "right"}]

    def no_languages(s):
        s["languages"] = []

    def exit_javascript(s):
        s["exit"] = {"url": "javascript:alert(1)"}

    def support_javascript(s):
        s["support"] = [{"name": "Help", "url": "javascript:alert(1)"}]

    def support_without_name(s):
        s["support"] = [{"phone": "0800 000 0000"}]

    def no_pages(s):
        s["pages"] = []

    def page_unknown_field(s):
        s["pages"][0]["content_warning"] = "Hard page"

    def question_id_with_dot(s):
        q(s, 0)["id"] = "q.1"

    def bad_public_key(s):
        s["submit"] = {"endpoint": "/api/v1/surveys/minimal/responses", "public_key": "not a key"}

    return [(name.replace("_", " "), f) for name, f in locals().items()]


def main(argv):
    try:
        schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        fail(f"read {SCHEMA.relative_to(ROOT)}", str(e))
        return finish()
    try:
        Draft202012Validator.check_schema(schema)
        ok(f"{SCHEMA.relative_to(ROOT)} is valid JSON Schema (draft 2020-12)")
    except Exception as e:  # jsonschema.SchemaError
        fail(f"{SCHEMA.relative_to(ROOT)} is valid JSON Schema", str(e))
        return finish()
    validator = Draft202012Validator(schema)

    paths = [Path(a) for a in argv] or sorted((ROOT / "surveys").glob("*.json"))
    if not paths:
        fail("find surveys", "no surveys/*.json")
    for path in paths:
        name = path.relative_to(ROOT) if path.resolve().is_relative_to(ROOT) else path
        try:
            survey = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            fail(f"{name} is valid", f"cannot read it: {e}")
            continue
        found = problems(validator, survey)
        if found:
            fail(f"{name} is valid", "\n".join(found))
        else:
            ok(f"{name} is valid")

    if not argv:
        try:
            example = guide_example()
        except ValueError as e:
            fail("the example in docs/survey-format.md is valid", f"not valid JSON: {e}")
        else:
            if example is None:
                fail("the example in docs/survey-format.md is valid", f"no block marked {GUIDE_MARK!r}")
            elif found := problems(validator, example):
                fail("the example in docs/survey-format.md is valid", "\n".join(found))
            else:
                ok("the example in docs/survey-format.md is valid")

    found = problems(validator, MINIMAL)
    if found:
        fail("the minimal example is valid", "\n".join(found))
    else:
        ok("the minimal example is valid")
    for what, breaking in broken_variants():
        survey = copy.deepcopy(MINIMAL)
        breaking(survey)
        errors = list(validator.iter_errors(survey))
        if errors:
            ok(f"rejects: {what}  ({describe(best_match(errors))})")
        else:
            fail(f"rejects: {what}", "the schema accepted it")
    return finish()


def finish():
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
