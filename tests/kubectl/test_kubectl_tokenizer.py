"""Shell word splitting: quotes, escapes, continuations, operators, heredocs, prompts, errors."""

import pytest

from drills.kubectl.tokenizer import ShellSyntaxError, tokenize


def words(text):
    return [[w.text for w in s.words] for s in tokenize(text)]


def test_quotes_escapes_and_continuations():
    assert words("kubectl get svc web -o jsonpath='{.spec.clusterIP}'") == [
        ["kubectl", "get", "svc", "web", "-o", "jsonpath={.spec.clusterIP}"]]
    assert words('k run a --env="A=1 2" x\\ y') == [["k", "run", "a", "--env=A=1 2", "x y"]]
    assert words("kubectl get \\\n  pods") == [["kubectl", "get", "pods"]]
    assert words("kubectl -- 'sleep 3600'") == [["kubectl", "--", "sleep 3600"]]


def test_operators_split_segments_and_keep_the_operator():
    segs = tokenize("kubectl get pods | grep web && kubectl get svc; echo done")
    assert [s.op for s in segs] == ["|", "&&", ";", None]
    assert [s.words[0].text for s in segs] == ["kubectl", "grep", "kubectl", "echo"]


def test_redirections_are_not_words():
    seg = tokenize("kubectl get pod x -o yaml > pod.yaml 2>&1")[0]
    assert [w.text for w in seg.words] == ["kubectl", "get", "pod", "x", "-o", "yaml"]
    assert [(r.op, r.target) for r in seg.redirects] == [(">", "pod.yaml"), ("2>&1", "")]


def test_heredoc_body_is_kept_not_tokenized():
    segs = tokenize("cat <<'EOF' | kubectl apply -f -\nkind: Pod\nname: 'x\nEOF\nkubectl get pods")
    assert [s.words[0].text for s in segs] == ["cat", "kubectl", "kubectl"]
    assert segs[0].redirects[0].target == "kind: Pod\nname: 'x"


def test_command_substitution_stays_in_its_word():
    seg = tokenize("kubectl exec -it $(kubectl get pod -l app=a -o jsonpath='{.items[0].metadata.name}') -- sh")[0]
    assert seg.words[3].text == "$(kubectl get pod -l app=a -o jsonpath='{.items[0].metadata.name}')"
    assert seg.words[3].subst


def test_prompt_alias_placeholders_and_then():
    assert words("$ k logs <pod> -c <container>") == [["k", "logs", "<pod>", "-c", "<container>"]]
    assert words("kubectl get pods then kubectl get svc") == [["kubectl", "get", "pods"], ["kubectl", "get", "svc"]]
    assert words("echo then") == [["echo", "then"]]


def test_here_string_is_a_redirection_not_a_heredoc():
    seg = tokenize("base64 -d <<< 'aGk='\nkubectl get pods")[0]
    assert [w.text for w in seg.words] == ["base64", "-d"]
    assert [(r.op, r.target) for r in seg.redirects] == [("<<<", "aGk=")]


def test_comments_are_dropped():
    assert words("kubectl get pods  # list them") == [["kubectl", "get", "pods"]]


@pytest.mark.parametrize("text,message", [
    ("kubectl run tmp --image=busybox --rm -it -- sh -c 'echo hi", "unbalanced ' at column 51"),
    ('kubectl get pods -l "app=web', 'unbalanced " at column 21'),
    ("kubectl get pods\nkubectl exec $(kubectl get pod", "unbalanced $( at line 2, column 14"),
    ("cat <<EOF\nkind: Pod\n", "here-document never ends"),
    ("kubectl get pods >", "`>` needs a target"),
])
def test_unreadable_input_is_a_clear_error(text, message):
    with pytest.raises(ShellSyntaxError) as e:
        tokenize(text)
    assert message in str(e.value)


def test_tokenize_with_operators_keeps_every_operator_even_a_trailing_one():
    from drills.kubectl.tokenizer import tokenize_with_operators

    segments, ops = tokenize_with_operators("kubectl get pods | wc -l && kubectl get svc;\nkubectl get ns &")
    assert [[w.text for w in s.words] for s in segments] == [["kubectl", "get", "pods"], ["wc", "-l"],
                                                             ["kubectl", "get", "svc"], ["kubectl", "get", "ns"]]
    assert ops == ["|", "&&", ";", "\n", "&"]


def test_substitutions_are_the_commands_inside_a_word():
    from drills.kubectl.tokenizer import substitutions, tokenize

    quoted, bare, single = tokenize(
        """curl "http://$(kubectl get svc api -o jsonpath='{.spec.clusterIP}'):$(echo 8$(echo 0))/" """
        """$(kubectl get pod -l app=web -o name) 'echo $(date)'""")[0].words[1:]
    assert substitutions(quoted.raw) == ["kubectl get svc api -o jsonpath='{.spec.clusterIP}'", "echo 8$(echo 0)"]
    assert substitutions(bare.raw) == ["kubectl get pod -l app=web -o name"]
    assert substitutions(single.raw) == []  # single quotes: the text as written, nothing runs
    assert substitutions("plain") == [] and substitutions("a$(b") == []
