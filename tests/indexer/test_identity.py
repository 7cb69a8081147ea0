"""Event matching across an edit (`indexer.identity.match`), on texts alone."""
from __future__ import annotations

from indexer.identity import EVENT_MATCH, jaccard, match, serial, words

A = "Посол Казахстана в Германии Нуржан Абдрахманов провел встречу с вице-президентом Бундестага."
B = "Во Франкфурте-на-Майне посол выступил перед представителями деловых кругов земли Гессен."
C = "Посол Казахстана в Чехии Мурат Кенжебаев встретился с заместителем министра промышленности."
D = "В Будапеште посол Казахстана в Венгрии Алмас Жумабеков принял участие в форуме."
NEW = "Генеральный консул в Стамбуле открыл выставку ковров и провел прием для дипломатического корпуса."


def test_unchanged_texts_keep_their_places():
    assert match([A, B, C], [A, B, C]) == ({0: 0, 1: 1, 2: 2}, {})


def test_an_inserted_event_matches_nothing():
    kept, replaced = match([A, B, C], [A, NEW, B, C])
    assert kept == {0: 0, 2: 1, 3: 2} and replaced == {}


def test_a_deleted_event_is_left_over():
    kept, replaced = match([A, B, C], [A, C])
    assert kept == {0: 0, 1: 2} and replaced == {}


def test_a_slightly_reworded_event_keeps_its_match():
    fixed = A.replace("провел встречу", "провёл встречу").replace("Бундестага", "Бундестага ФРГ")
    assert jaccard(set(words(A)), set(words(fixed))) >= EVENT_MATCH
    assert match([A, B, C], [fixed, B, C])[0] == {0: 0, 1: 1, 2: 2}


def test_a_completely_reworded_event_in_the_same_place_is_replaced():
    kept, replaced = match([A, B, C], [A, NEW, C])
    assert kept == {0: 0, 2: 2} and replaced == {1: 1}


def test_replacement_needs_as_many_new_events_as_old_ones_in_that_place():
    kept, replaced = match([A, B, C], [A, NEW, NEW + " Еще один абзац о выставке.", C])
    assert kept == {0: 0, 3: 2} and replaced == {}
    assert match([A, B, D, C], [A, NEW, C]) == ({0: 0, 2: 3}, {})


def test_moved_events_keep_their_match_and_identical_texts_pair_in_order():
    assert match([A, B, C], [C, A, B])[0] == {0: 2, 1: 0, 2: 1}
    assert match([A, A, B], [A, B, A])[0] == {0: 0, 1: 2, 2: 1}


def test_the_most_similar_pair_wins_then_the_nearest():
    a2 = A + " Стороны обсудили визит депутатов."
    kept, _ = match([A, a2], [a2 + " И торговлю.", A + " Коротко."])
    assert kept == {0: 1, 1: 0}


def test_serial_numbers_of_ids():
    assert serial("0f531ea4602d-12") == 12 and serial("r1-1") == 1 and serial("odd") == 0
