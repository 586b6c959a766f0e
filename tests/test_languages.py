import pytest

from awal.errors import AwalError, UnknownLabelError
from awal.languages import Group, Label, Language, Script, labels_in_group

LID_TRAIN_LABELS = [
    "ary_Arab",
    "ary_Latn",
    "arb_Arab",
    "arz_Arab",
    "aeb_Arab",
    "aeb_Latn",
    "arq_Latn",
    "apc_Arab",
    "ajp_Arab",
    "mey_Arab",
    "mey_Latn",
    "zgh_Tfng",
    "taq_Tfng",
    "taq_Latn",
    "kab_Latn",
    "rif_Latn",
    "fra_Latn",
    "spa_Latn",
    "eng_Latn",
    "shi_Latn",
]
HELD_OUT_ONLY = ["shi_Tfng", "shi_Arab", "arq_Arab", "ber_Latn"]


@pytest.mark.parametrize("name", LID_TRAIN_LABELS + HELD_OUT_ONLY + ["und"])
def test_every_corpus_label_parses(name):
    label = Label.from_str(name)
    assert label.value == name
    assert str(label) == name


@pytest.mark.parametrize("lang", ["shi", "tzm", "rif", "zgh"])
@pytest.mark.parametrize("script", ["Arab", "Latn", "Tfng"])
def test_amazigh_in_three_scripts(lang, script):
    label = Label.from_str(f"{lang}_{script}")
    assert label.group is Group.AMAZIGH
    assert label.script is Script(script)


def test_parsing_is_forgiving_about_case_and_dash():
    assert Label.from_str(" ARY-latn ") is Label.ary_Latn
    assert Label.from_str(Label.kab_Latn) is Label.kab_Latn


def test_unknown_label_lists_valid_ones():
    with pytest.raises(UnknownLabelError) as info:
        Label.from_str("darija")
    err = info.value
    assert isinstance(err, AwalError) and isinstance(err, ValueError)
    assert "ary_Latn" in str(err) and "'darija'" in str(err)


def test_wrong_type_is_an_unknown_label_not_a_crash():
    with pytest.raises(UnknownLabelError):
        Label.from_str(42)  # type: ignore[arg-type]


def test_names_and_groups():
    assert Label.ary_Latn.language is Language.ary
    assert Label.ary_Latn.group is Group.DARIJA
    assert Label.arb_Arab.group is Group.ARABIC
    assert Label.fra_Latn.group is Group.EUROPEAN
    assert Label.und.script is None and Label.und.group is Group.UNDETERMINED
    assert "Latin" in Label.ary_Latn.english_name
    assert "latine" in Label.ary_Latn.french_name
    assert Label.zgh_Tfng.native_name.startswith("ⵜⴰⵎⴰⵣⵉⵖⵜ")
    for label in Label:
        assert label.english_name and label.french_name and label.native_name


def test_groups_partition_labels():
    total = sum(len(labels_in_group(g)) for g in Group)
    assert total == len(Label)
    assert Label.ary_Arab in labels_in_group(Group.DARIJA)
