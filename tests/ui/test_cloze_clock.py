from drills.ui import cloze
from drills.ui.clock import Stopwatch, format_ms

TEXT = "NodePort uses {{c1::30000–32767}} on {{c2::every node::where}}; type {{c1::NodePort}}."


def test_asked_deletion_hidden_others_plain():
    assert cloze.plain(TEXT, 2, reveal=False) == "NodePort uses 30000–32767 on [where]; type NodePort."
    assert cloze.plain(TEXT, 1, reveal=False) == "NodePort uses [...] on every node; type [...]."


def test_reveal_marks_the_answer():
    assert cloze.plain(TEXT, 1, reveal=True) == "NodePort uses [30000–32767] on every node; type [NodePort]."
    assert cloze.answers(TEXT, 1) == ["30000–32767", "NodePort"]


def test_format_ms():
    assert format_ms(0) == "0:00.0"
    assert format_ms(83_456) == "1:23.4"
    assert format_ms(3_600_000) == "60:00.0"
    assert format_ms(None) == "-"
    assert format_ms(83_456, tenths=False) == "1:23"


def test_stopwatch_first_key_is_the_first_only():
    t = [10.0]
    sw = Stopwatch(now=lambda: t[0])
    sw.start()
    assert sw.first_key_ms() is None
    t[0] = 11.5
    sw.key_pressed()
    t[0] = 12.0
    sw.key_pressed()
    t[0] = 13.25
    assert (sw.first_key_ms(), sw.elapsed_ms()) == (1500, 3250)


def test_reveal_shows_only_the_sentence_asked():
    para = "Pods get IPs. Pod IPs are {{c1::ephemeral}}. Use {{c2::Dr. Who}} names. A Service is stable."
    assert cloze.asked_sentence(para, 1) == "Pod IPs are {{c1::ephemeral}}."
    assert cloze.asked_sentence(para, 2) == "Use {{c2::Dr. Who}} names."
    assert cloze.asked_sentence(para, 9) == para


def test_wrap_breaks_at_words_with_a_hanging_indent():
    from drills.ui.screen import to_text, wrap

    line = [("dim", " 12. "), ("", "Create a deployment "), ("code", "web"), ("", " with 2 replicas of nginx")]
    assert to_text(wrap(line, 30)) == " 12. Create a deployment web\n     with 2 replicas of nginx\n"
    assert to_text(wrap([("", "abcdefghij klm")], 4)) == "abcd\nefgh\nij\nklm\n"
    # the text's own line breaks start new lines (the next paragraph is not wrapped as if it went on)
    task = [("bold", "2/10  "), ("", "Expose it\n\n(continues: deployment "), ("code", "web"), ("", " from task 1)")]
    assert to_text(wrap(task, 79)) == "2/10  Expose it\n\n(continues: deployment web from task 1)\n"
