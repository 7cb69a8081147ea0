"""The curation file: every problem reported with its line, a good file read into its entries."""
from __future__ import annotations

import pytest

from conftest import ROOT
from indexer.curation.format import CurationError, load, parse


def problems(text: str) -> list[str]:
    with pytest.raises(CurationError) as e:
        parse(text.encode("utf-8"), "c.toml")
    return e.value.problems


def test_the_documented_example_is_valid_and_read_entry_by_entry():
    cur = load(ROOT / "docs" / "curation.example.toml")
    p = cur.people["е. байжанов"]  # any case, ё = е, a space after the initial
    assert (p.name, p.kazakh, p.role, p.since) == ("Эрлан Байжанов", True, "посол Казахстана в Японии", "2026-01-01")
    assert p.entry == "curation.example.toml:10"
    assert cur.people["ерлан байжанов"] is p and cur.people["кэндзи ямамото"].name == "Хироси Накаяма"
    assert cur.people["гульнар сарсенова"].kazakh is False
    assert "чхве мин хо" in cur.not_people and "отг" in cur.not_orgs
    assert cur.orgs["атамекен"].name == "НПП «Атамекен»"
    assert cur.events["e977d12f895a-3"].add == ("ZA",) and cur.events["e977d12f895a-3"].remove == ("JP",)
    assert cur.words[0].word == "Джорджия" and cur.words[0].remove == ("GE",)


def test_every_problem_is_listed_with_its_line_in_file_order():
    text = """# comment
[[person]]
name = "Азамат Ескараев"
aliases = ["А. Ескараев"]
kazakh = true

[[person]]
name = "Иван Петров"
alias = ["И. Петров"]
kazakh = "yes"

[[person]]
name = "Другой"
aliases = ["а.ескараев"]

[[not_person]]
names = ["Иван Петров", ""]

[[country]]
event = "abc-3"
add = ["ZA", "Нарния", "KZ"]
remove = ["ZA"]

[[countri]]
x = 1
"""
    assert problems(text) == [
        "c.toml:9: [[person]]: unknown key «alias» — did you mean «aliases»? (known: aliases, kazakh, name, role, since, until)",
        "c.toml:10: [[person]]: «kazakh» must be true or false (no quotes)",
        "c.toml:12: [[person]]: «а.ескараев» is already the name or an alias of «Азамат Ескараев» (c.toml:2)",
        "c.toml:17: [[not_person]]: «names» must be a list of non-empty texts: names = [\"…\", \"…\"]",
        "c.toml:19: [[country]]: ZA is both added and removed",
        "c.toml:21: [[country]]: «Нарния» is not a country code or name (ISO codes like \"ZA\", or \"ЮАР\")",
        "c.toml:21: [[country]]: Kazakhstan is never an event's country",
        "c.toml:24: unknown section [[countri]] — did you mean «country»? (known: person, not_person, org, not_org, country)",
    ]


@pytest.mark.parametrize("text, expected", [
    ('[[person]]\nname = "X Y"\nkazakh = false\nrole = "посол"\n', "c.toml:4: [[person]]: «role» is for Kazakhstan's officials: add kazakh = true"),
    ('[[person]]\nname = "X Y"\nkazakh = true\nsince = 2024-01-01\n', "c.toml:4: [[person]]: «since» and «until» bound the «role»: give the role too"),
    ('[[person]]\nname = "X Y"\nkazakh = true\nrole = "r"\nsince = 2024-05-01\nuntil = 2024-01-01\n',
     "c.toml:6: [[person]]: «until» 2024-01-01 is before «since» 2024-05-01"),
    ('[[person]]\nname = "X Y"\nkazakh = true\nrole = "r"\nsince = "01.05.2024"\n', "c.toml:5: [[person]]: «since» must be a date: since = 2024-01-31"),
    ('[[person]]\nname = "  "\nkazakh = true\n', "c.toml:2: [[person]]: «name» must be a non-empty text in quotes"),
    ('[[person]]\naliases = ["X"]\n', "c.toml:1: [[person]]: «name» is missing"),
    ('[[person]]\nname = "X"\nkazakh = true\n[[person]]\nname = "x"\nkazakh = false\n',
     "c.toml:4: [[person]]: «x» is already the name or an alias of «X» (c.toml:1)"),
    ('[[person]]\nname = "X"\nkazakh = true\n[[not_person]]\nnames = ["X"]\n', "c.toml:4: [[not_person]]: «X» is a person at c.toml:1"),
    ('[[org]]\nname = "КМГ"\n', "c.toml:1: [[org]]: «aliases» is missing"),
    ('[[country]]\nevent = "a1-2"\nadd = ["ZA"]\n[[country]]\nevent = "a1-2"\nremove = ["JP"]\n',
     "c.toml:4: [[country]]: event a1-2 is already corrected at c.toml:1: merge the two entries"),
    ('[[country]]\nevent = "a1-2"\nword = "Джорджия"\n', "c.toml:1: [[country]]: give either «event» (an event id: add/remove its countries) "
                                                        "or «word» (a word that is not the countries in «remove»)"),
    ('[[country]]\nevent = "/event/a1-2"\nadd = ["ZA"]\n', "c.toml:2: [[country]]: «/event/a1-2» is not an event id (as in /event/<id>, e.g. \"1a2b3c4d5e6f-3\")"),
    ('[[country]]\nword = "Джорджия"\n', "c.toml:1: [[country]]: «word» needs «remove»: the countries «Джорджия» is not"),
    ('[[person]]\nname = "X"\naliases = "Y"\n', "c.toml:3: [[person]]: «aliases» must be a list of non-empty texts: aliases = [\"…\", \"…\"]"),
    ('[person]\nname = "X"\n', "c.toml:1: [[person]] must be a list of tables: write each entry under its own [[person]] line"),
    ('[[person]]\nname = "X\n', "c.toml:2: TOML syntax error: Illegal character '\\n' (column 10)"),
])
def test_one_mistake_one_clear_message(text, expected):
    assert problems(text) == [expected]


def test_a_missing_or_non_utf8_file(tmp_path):
    with pytest.raises(CurationError, match="cannot read the curation file"):
        load(tmp_path / "none.toml")
    bad = tmp_path / "cp1251.toml"
    bad.write_bytes('[[not_person]]\nnames = ["Хаб"]\n'.encode("cp1251"))
    with pytest.raises(CurationError, match="not UTF-8"):
        load(bad)


def test_the_digest_follows_the_content_not_the_comments_position():
    a = parse(b'[[not_person]]\nnames = ["X"]\n', "c.toml")
    assert parse(b'[[not_person]]\nnames = ["X"]\n', "c.toml").digest == a.digest
    assert parse(b'[[not_person]]\nnames = ["Y"]\n', "c.toml").digest != a.digest
