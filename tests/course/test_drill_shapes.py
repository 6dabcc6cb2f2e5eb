"""Every speed-drill answer shape of COURSE-FORMAT.md, on made-up pages."""

from __future__ import annotations

from drills.course import read_week

from .pages import (DRILL_A, DRILL_B, DRILL_C, DRILL_D, DRILL_E, DRILL_F, SOLUTIONS_B, SOLUTIONS_E,
                    TUTORIAL_HIDDEN, page)


def tasks(**kw):
    return {t.number: t for t in read_week(page(**kw), "03.md").drill}


def test_shape_a_marker_block():
    t = tasks(drill=DRILL_A)
    assert len(t) == 7 and all(x.answer_shape == "block" for x in t.values())
    assert t[2].answers == ["kubectl run web --image=nginx"]  # "# 3 replicas" is a comment, not a marker
    assert t[3].answers == ["kubectl scale deployment web --replicas=3"]
    assert t[4].answers == ["kubectl logs web -c busybox"]  # explanatory comment dropped
    assert t[4].text == "Get the logs of `web` with `-c busybox`"  # code in wording stays wording
    # two commands under one marker: one answer, a sequence
    assert t[5].answers == ["kubectl create secret generic s --from-literal=k=v\n"
                            "kubectl get secret s -o jsonpath='{.data.k}' | base64 -d"]
    assert t[6].answers == ["kubectl run tmp --image=busybox --rm -it --restart=Never -- sh"]
    assert t[7].answers == ["kubectl patch svc web -p '{\n  \"spec\": {\"selector\": {\"app\": \"web\"}}\n}'"]


def test_shape_b_solution_key_markers_and_reference_subsections_are_not_answers():
    week = read_week(page(drill=DRILL_B, solutions=SOLUTIONS_B), "03.md")
    assert [(t.text, t.answers, t.answer_shape) for t in week.drill] == [
        ("List pods in all namespaces", ["kubectl get pods -A"], "solution-markers"),
        ("Describe the service `web`", ["kubectl describe svc web"], "solution-markers"),
    ]
    # The drill reference entry is not a challenge solution.
    assert week.challenges[0].solution.title == "Run it"


def test_shape_c_no_answers():
    t = tasks(drill=DRILL_C)
    assert [x.answers for x in t.values()] == [[], []]
    assert all(x.answer_shape is None for x in t.values())


def test_shape_d_inline_answers_and_variants():
    t = tasks(drill=DRILL_D)
    assert (t[1].text, t[1].answers) == ("Get logs of a container", ["kubectl logs <pod> -c <c>"])
    assert t[2].answers == ["kubectl exec -it <pod> -- sh"]  # trailing remark dropped
    assert t[3].answers == ["kubectl get pods --show-labels", "kubectl get po --show-labels"]  # " or "
    assert (t[4].text, t[4].answers) == ("Use `kubectl expose` to create a service",
                                         ["kubectl expose deployment web --port=80"])
    assert t[5].answers == ["kubectl delete pod web --now"]  # final period after the backtick
    assert t[6].answers == []  # a task with no answer
    # a chain "`cmd1` then `cmd2`": one answer, a sequence (both needed, in order)
    assert t[9].answers == ["kubectl create namespace q\nkubectl create quota q1 --hard=pods=2 -n q"]


def test_shape_d_prime_complete_command_in_wording_but_not_a_bare_verb():
    t = tasks(drill=DRILL_D)
    assert (t[7].answers, t[7].answer_shape) == (["kubectl auth can-i create pods --as=jane"], "wording")
    assert t[8].answers == []  # `kubectl expose` alone is wording


def test_shape_e_solution_key_in_order_with_heredoc_last():
    week = read_week(page(drill=DRILL_E, solutions=SOLUTIONS_E), "03.md")
    answers = [t.answers for t in week.drill]
    assert answers[:3] == [["kubectl create deployment web --image=nginx"],
                           ["kubectl expose deployment web --port=80"],
                           ["kubectl scale deployment web --replicas=3"]]
    heredoc = answers[3][0]
    assert heredoc.startswith("cat <<EOF | kubectl apply -f -\napiVersion: v1") and heredoc.endswith("\nEOF")
    assert all(t.answer_shape == "solution-order" for t in week.drill)
    assert not week.notices


def test_shape_e_count_mismatch_is_a_notice():
    solutions = SOLUTIONS_E.replace("kubectl scale deployment web --replicas=3\n", "")
    week = read_week(page(drill=DRILL_E, solutions=solutions), "03.md")
    assert "3 commands for 4 tasks" in week.notices[0].message


def test_shape_f_bare_commands():
    t = tasks(drill=DRILL_F)
    assert [x.answers for x in t.values()] == [["k get po -A -o wide"], ["k describe svc web -n prod"],
                                               ["k logs web -c sidecar --previous"]]
    assert all(x.bare_command for x in t.values())


def test_drill_hidden_in_a_tutorial_step_with_chained_answers():
    week = read_week(page(tutorial=TUTORIAL_HIDDEN), "03.md")
    hidden = week.hidden_drills
    assert [(t.step, t.number, t.text) for t in hidden] == [
        (1, 1, "List the nodes"), (1, 2, "Show the pod `web` as YAML"), (1, 3, "Restart the deployment")]
    # "`a` then `b`": one answer, a sequence
    assert hidden[2].answers == ["kubectl rollout restart deployment web\nkubectl rollout status deployment web"]
    # the hidden answers are not the step's own commands; step 2 is an ordinary step
    assert week.steps[0].commands == []
    assert week.steps[1].commands == ["kubectl run web --image=nginx"]
    assert len(week.drill) == 2  # the real speed drill is still read


def test_week6_drill_has_ten_answered_tasks():
    from drills.bundled import builtin_weeks_dir

    path = builtin_weeks_dir() / "06-services-and-networking.md"
    week = read_week(path.read_text(encoding="utf-8"), str(path))
    assert [t.number for t in week.drill] == list(range(1, 11))
    assert all(len(t.answers) == 1 for t in week.drill)
    assert week.drill[2].answers == ["kubectl get svc web -o jsonpath='{.spec.clusterIP}'"]


def test_tasks_are_numbered_as_rendered_even_when_every_item_says_1():
    drill = DRILL_A.replace("2. Run pod", "1. Run pod").replace("3. Scale", "1. Scale")
    t = tasks(drill=drill)
    assert t[3].answers == ["kubectl scale deployment web --replicas=3"]
    assert sorted(t) == list(range(1, 8))
