"""The course reader on made-up pages: front matter, sections, concepts, steps, lab, pitfalls, traps."""

from __future__ import annotations

import pytest

from drills.course import decode_page, read_week
from drills.errors import DrillsError

from .pages import (CONCEPT_LEADINS, FRONT, LAB_SHAPES, PITFALLS_SHAPES, SOLUTIONS_SHAPES, TUTORIAL_SHAPES,
                    page)


def full_page(**kw) -> str:
    return page(concept=CONCEPT_LEADINS, tutorial=TUTORIAL_SHAPES, lab=LAB_SHAPES, solutions=SOLUTIONS_SHAPES,
                pitfalls=PITFALLS_SHAPES, **kw)


# --- front matter ------------------------------------------------------------------------------------

def test_title_with_em_dash_ampersand_and_colon_quoted_parent_and_nav_order():
    week = read_week(full_page(), "weeks/03-pods/README.md")
    assert week.number == 3  # nav_order: 2 is a position in the phase, not the week
    assert week.title == "Pods & Config: the basics"  # the title wins over the H1 "Week 3: Pods"
    assert week.heading == "Week 3: Pods"
    assert week.source == "03-pods/README.md"


def test_week_number_from_slug_when_title_has_none():
    front = "---\ntitle: Storage & State\npermalink: /weeks/08-storage/\n---\n"
    week = read_week(page(front=front, h1="# Storage"), "page.md")
    assert (week.number, week.title) == (8, "Storage & State")


def test_week_number_from_file_name_as_last_resort():
    front = "---\ntitle: Storage\n---\n"
    assert read_week(page(front=front, h1="# Storage"), "courses/11-storage.md").number == 11


def test_sections_without_rules_and_without_final_newline():
    text = page(rule="").rstrip("\n")
    week = read_week(text, "03.md")
    assert len(week.drill) == 2 and week.pitfalls and week.challenges[0].solution is not None


# --- The Concept ---------------------------------------------------------------------------------------

def test_every_lead_in_style_gives_the_term():
    concepts = read_week(full_page(), "03.md").concepts
    terms = [c.term for c in concepts]
    # **What is X?**, **X** —, **X:**, **X.**, **X**:, **X** is the, A **X** is
    assert terms[:7] == ["ConfigMap", "Secret", "Volume", "Probe", "Namespace", "Requests", "Pod"]
    assert concepts[1].definition.startswith("base64-encoded data")
    assert concepts[5].definition == "Requests is the amount of CPU the scheduler reserves, e.g. `cpu: 250m`."


def test_intro_line_mermaid_lists_subtopics_and_pseudo_headings():
    concepts = read_week(full_page(), "03.md").concepts
    texts = [c.text for c in concepts]
    assert not any("configuration" in t for t in texts)  # the one-line intro is not a concept
    assert not any("API server" in t for t in texts)  # mermaid labels never become card text
    restart = next(c for c in concepts if c.text.startswith("There are three restart policies:"))
    assert restart.text.endswith("- `Always` (the default)\n- `OnFailure`\n- `Never`")
    assert restart.term is None  # "There are …" is not a definition
    get = next(c for c in concepts if c.term == "`kubectl get`")
    assert get.definition == "lists resources of a kind."
    ports = next(c for c in concepts if "30000–32767" in c.text)
    assert ports.subtopic == "Ports"
    labels = next(c for c in concepts if "app=web" in c.text)
    assert labels.subtopic == "Labels"  # a line that is only **bold** is a heading, not a card
    assert [c.index for c in concepts] == list(range(1, len(concepts) + 1))
    daemonset = concepts[-1]
    assert (daemonset.term, daemonset.definition) == ("DaemonSet", "One Pod per node, for agents like log shippers.")
    assert daemonset.subtopic == "DaemonSet"


# --- Beginner Tutorial ---------------------------------------------------------------------------------

def test_step_bodies_give_exactly_the_kubectl_commands():
    steps = {s.number: s for s in read_week(full_page(), "03.md").steps}
    assert steps[1].title == "Create a namespace — `dev`"
    assert steps[1].commands == ["kubectl create namespace dev"]  # the "# make…" comment is no command
    assert steps[2].commands == ["kubectl apply -f web.yaml"]  # `---` inside YAML is no section break
    assert steps[3].commands[0].startswith("kubectl apply -f - <<'EOF'\napiVersion: v1")
    assert steps[3].commands[0].endswith("mode: fast\nEOF")
    assert len(steps[4].commands) == 2
    assert steps[5].commands == ["kubectl get pods"]  # the expected-output fence is not commands
    assert steps[6].commands == ["kubectl apply -f ns.yaml"]  # trailing remark
    assert steps[7].commands == ["kubectl get events --sort-by=.metadata.creationTimestamp",
                                 "kubectl top pod", "kubectl top node"]
    assert steps[8].title == "Step 8" and steps[8].commands == []  # empty heading
    assert steps[9].commands == [] and steps[9].other_commands == ["minikube start"]
    assert steps[10].commands == ["kubectl run tool --image=bitnami/kubectl -- sleep 3600"]


# --- Hands-On Lab and Solution Key ---------------------------------------------------------------------

def test_challenges_pair_with_solutions_by_number_despite_drifting_titles():
    week = read_week(full_page(), "03.md")
    ch = {c.number: c for c in week.challenges}
    assert ch[1].title == "Quoted title"  # quotes and "(6 min)" dropped
    assert ch[2].title == "Fix the Service"  # "Question 2 (Weight: 7%) — …"
    assert ch[1].scenario == "Create a ConfigMap `app` with `mode=fast`."
    assert ch[1].criteria == "the pod prints `fast`."  # colon outside the bold
    assert ch[2].criteria == "- `kubectl get ep web` lists 2 addresses\n- curl works"
    assert ch[1].hints == ["Use `--from-literal`.", "Mount it as env."]  # blank line inside <details>
    assert ch[3].scenario == "Context: a team shares namespace `shared`.\n\nTask: limit it to 2 pods."
    assert ch[3].criteria is None
    assert ch[2].solution.commands == ["kubectl get ep web", "kubectl edit svc web",
                                       "kubectl patch svc web -p '{\"spec\":{\"selector\":{\"app\":\"web\"}}}'"]
    assert "graph" not in ch[2].solution.text  # mermaid is never card text
    assert ch[3].solution.title == "Context only"
    assert "# other.yaml" in ch[3].solution.text
    assert "Next" not in ch[3].solution.text  # the trailing *Next: …* line is navigation
    assert not week.notices


def test_challenge_without_solution_is_reported():
    lab = "### Challenge 1: A\n\nDo A.\n\n### Challenge 2: B\n\nDo B."
    week = read_week(page(lab=lab), "03.md")
    assert week.challenges[1].solution is None
    assert [n.message for n in week.notices] == ["challenge 2 has no Solution Key entry"]


# --- Exam Pitfalls -------------------------------------------------------------------------------------

def test_every_pitfall_shape():
    pitfalls = read_week(full_page(), "03.md").pitfalls
    got = [(p.title, p.explanation.split("\n")[0]) for p in pitfalls]
    assert got[0] == ("Forgetting `-n <namespace>`", "Commands run in `default` unless you say otherwise.")
    assert got[1] == ("Editing a running Pod", "most fields are immutable; delete and recreate.")
    assert got[2] == ("Always read the whole question first.", "Points hide in the last sentence.")
    assert got[3][1] == "Never guess field names when `kubectl explain` is right there."
    assert got[3][0] != got[3][1]
    assert got[4] == ("Networking", "a Service without endpoints means the selector is wrong.")
    assert pitfalls[4].category and pitfalls[5].category
    assert got[6] == ("A plain bullet with no bold at all.", "It still teaches something.")
    assert "port: 8080" in pitfalls[7].explanation  # the YAML block outside the list belongs to it
    assert pitfalls[7].explanation.endswith("even when the app listens on 80.")
    assert len(pitfalls) == 8


# --- bad input -----------------------------------------------------------------------------------------

def test_no_front_matter():
    with pytest.raises(DrillsError) as e:
        read_week("# Week 3\n\n## The Concept\n", "03.md")
    assert (e.value.file, e.value.line) == ("03.md", 1)
    assert "front matter" in e.value.message


@pytest.mark.parametrize("missing", ["Exam Pitfalls", "Solution Key", "The Concept"])
def test_missing_section(missing):
    text = page()
    start = text.index(f"## {missing}")
    end = text.find("## ", start + 3)
    text = text[:start] + (text[end:] if end != -1 else "")
    with pytest.raises(DrillsError) as e:
        read_week(text, "03.md")
    assert missing in e.value.message and e.value.line is not None


def test_empty_drill_names_the_heading_line():
    text = page(drill="Nothing here yet.")
    with pytest.raises(DrillsError) as e:
        read_week(text, "03.md")
    assert "empty speed drill" in e.value.message
    assert text.split("\n")[e.value.line - 1] == "## Weekly Speed Drill"


def test_binary_and_non_utf8_pages():
    with pytest.raises(DrillsError) as e:
        decode_page(b"\x89PNG\r\n\x1a\n\x00\x00", "x.md")
    assert "binary" in e.value.message
    with pytest.raises(DrillsError) as e:
        decode_page(FRONT.encode() + b"caf\xe9\n", "x.md")
    assert (e.value.line, e.value.column) == (7, 4) and "UTF-8" in e.value.message


def test_crlf_and_bom_pages_read_like_plain_ones():
    plain = read_week(page(), "03.md")
    other = read_week(decode_page(("\ufeff" + page()).replace("\n", "\r\n").encode(), "03.md"), "03.md")
    assert other.drill == plain.drill and other.title == plain.title
