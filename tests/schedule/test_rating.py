"""The auto-rating rule for typed command answers, at its exact boundaries."""

from drills.schedule import Rating, StudyConfig, auto_rating, default_target_ms, target_ms

CFG = StudyConfig()  # base 5000 ms + 250 ms per character, Easy at <= 0.6 x target


def test_default_target_comes_from_the_shortest_answer():
    answers = ["kubectl get pods", "kubectl get po"]  # 16 and 14 characters
    assert default_target_ms(answers, CFG) == 5000 + 250 * 14


def test_wrong_is_again_however_fast():
    assert auto_rating(False, 1, 10_000, CFG) == Rating.Again


def test_boundaries_between_easy_good_and_hard():
    target = 10_000
    assert auto_rating(True, 6_000, target, CFG) == Rating.Easy  # exactly 0.6 x target
    assert auto_rating(True, 6_001, target, CFG) == Rating.Good
    assert auto_rating(True, 10_000, target, CFG) == Rating.Good  # exactly the target
    assert auto_rating(True, 10_001, target, CFG) == Rating.Hard


def test_target_moves_halfway_to_the_students_median_once_there_is_enough_history():
    answers = ["x" * 20]  # default 10 000 ms
    assert target_ms(answers, [4000, 4000], CFG) == 10_000  # 2 < history_min: default
    assert target_ms(answers, [4000, 2000, 6000], CFG) == 7_000  # (10000 + median 4000) / 2
    # Only the newest history_size (5) times count.
    assert target_ms(answers, [2000] * 5 + [90_000] * 10, CFG) == 6_000


def test_target_never_below_two_seconds_and_config_changes_it():
    cfg = StudyConfig(target_base_ms=0, target_per_char_ms=10)
    assert target_ms(["ab"], [], cfg) == 2000
    assert target_ms(["x" * 10], [], StudyConfig(target_base_ms=1000, target_per_char_ms=100)) == 2000
    assert target_ms(["x" * 30], [], StudyConfig(target_base_ms=1000, target_per_char_ms=100)) == 4000
