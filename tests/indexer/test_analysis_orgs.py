import pytest

from indexer.analysis.orgs import canonical_org


@pytest.mark.parametrize(
    "span, name",
    [
        ("Министерства иностранных дел", "МИД"),
        ("МИД", "МИД"),
        ("Африканском союзе", "Африканский союз"),
        ("Африканского союза (АС)", "Африканский союз"),
        ("Kuwait Oil Company", "Kuwait Oil Company"),
        ("Вице-председателя Сената", "Сенат"),
        ("Институтом перспектив и безопасности Европы (IPSE)", "Институт перспектив и безопасности Европы"),
        ("Европейским союзом", "ЕС"),
        ("Шанхайской организации сотрудничества", "ШОС"),
    ],
)
def test_orgs_are_canonical(span, name):
    assert canonical_org(span) == name
