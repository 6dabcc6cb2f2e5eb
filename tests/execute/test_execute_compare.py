"""Comparing end states and printed output (pure): what is ignored, what is a reason, what a note."""

from __future__ import annotations

import copy

from drills.execute.compare import compare_output, compare_states, normalize


def obj(kind, name, ns="default", api="v1", **rest):
    meta = {"name": name, "namespace": ns, "uid": f"uid-{name}", "resourceVersion": "7",
            "creationTimestamp": "2026-01-01T00:00:00Z"}
    meta.update(rest.pop("meta", {}))
    return {"apiVersion": api, "kind": kind, "metadata": meta, **rest}


def cm(name, data, **kw):
    return obj("ConfigMap", name, data=data, **kw)


def test_run_specific_fields_are_ignored():
    a = obj("Service", "db", spec={"clusterIP": "10.96.0.12", "clusterIPs": ["10.96.0.12"], "type": "NodePort",
                                   "ports": [{"port": 5432, "nodePort": 30123}]}, status={"loadBalancer": {}})
    b = copy.deepcopy(a)
    b["metadata"].update(uid="other", resourceVersion="99", creationTimestamp="2027-01-01T00:00:00Z",
                         annotations={"kubectl.kubernetes.io/last-applied-configuration": "{}"})
    b["spec"].update(clusterIP="10.96.0.99", clusterIPs=["10.96.0.99"])
    b["spec"]["ports"][0]["nodePort"] = 31999
    b["status"] = {"anything": 1}
    assert normalize(a) == normalize(b)
    assert compare_states([], [a], [b]).same


def test_headless_is_not_an_allocated_address():
    a = obj("Service", "db", spec={"clusterIP": "None"})
    b = obj("Service", "db", spec={"clusterIP": "10.96.0.4"})
    assert compare_states([], [a], [b]).reasons == ["Service db: spec.clusterIP is one allocated, expected None"]


def test_empty_maps_and_lists_count_as_absent():
    a = obj("Pod", "p", spec={"containers": [{"name": "c", "image": "i", "resources": {}}], "volumes": []})
    b = obj("Pod", "p", spec={"containers": [{"name": "c", "image": "i"}]})
    assert compare_states([], [a], [b]).same


def test_field_reasons_name_object_path_and_both_values():
    before = [cm("settings", {"mode": "a"})]
    exp = [cm("settings", {"mode": "b"})]
    got = [cm("settings", {"mode": "c"})]
    assert compare_states(before, exp, got).reasons == ["ConfigMap settings: data is mode=c, expected mode=b"]


def test_created_deleted_and_unexpected_objects():
    keep = cm("keep", {"a": "1"})
    gone = cm("gone", {"a": "1"})
    new = cm("new", {"a": "1"}, meta={"namespace": "team-a"})
    # expected: delete `gone`, create `new`; got: nothing deleted, `keep` deleted, an extra object created
    got = [gone, cm("extra", {"b": "2"})]
    r = compare_states([keep, gone], [keep, new], got).reasons
    assert "ConfigMap keep was deleted" in r
    assert "ConfigMap gone should have been deleted" in r
    assert "no ConfigMap new was created" in r
    assert "your answer also created ConfigMap extra" in r


def test_generated_names_match_by_their_stem():
    def pod(name):
        return obj("Pod", name, meta={"generateName": "batch-", "ownerReferences": [
            {"kind": "Job", "name": "batch", "uid": name}]}, spec={"containers": [{"name": "c", "image": "busybox"}]})
    assert compare_states([], [pod("batch-abcde")], [pod("batch-vwxyz")]).same
    r = compare_states([], [pod("batch-abcde"), pod("batch-fghij")], [pod("batch-vwxyz")]).reasons
    assert r == ["Pod batch-*: 1 of them, expected 2"]


def test_labels_of_a_created_object_are_a_note_but_pod_labels_a_reason():
    e = obj("Service", "api", meta={"labels": {"app": "api"}}, spec={"selector": {"app": "api"}})
    g = obj("Service", "api", meta={"labels": {"app": "other"}}, spec={"selector": {"app": "api"}})
    c = compare_states([], [e], [g])
    assert c.same and c.notes == ["Service api: metadata.labels is app=other, expected app=api "
                                  "(does not change what it does)"]
    # the same difference on an object that existed before is what the task was about
    assert not compare_states([e], [e], [g]).same
    pe = obj("Pod", "p", meta={"labels": {"tier": "db"}})
    pg = obj("Pod", "p", meta={"labels": {"tier": "web"}})
    assert compare_states([], [pe], [pg]).reasons == ["Pod p: metadata.labels is tier=web, expected tier=db"]


def test_selector_is_judged_whole():
    e = obj("Service", "api", spec={"selector": {"app": "api"}})
    g = obj("Service", "api", spec={"selector": {"app": "api", "tier": "x"}})
    assert compare_states([], [e], [g]).reasons == ["Service api: spec.selector is app=api,tier=x, expected app=api"]


def test_endpoints_compare_by_address_count():
    def ep(ips):
        return obj("Endpoints", "api", subsets=[{"addresses": [{"ip": i} for i in ips], "ports": [{"port": 8080}]}])
    assert compare_states([], [ep(["10.0.0.1", "10.0.0.2"])], [ep(["10.0.0.7", "10.0.0.8"])]).same
    assert compare_states([], [ep(["10.0.0.1", "10.0.0.2"])], [ep([])]).reasons == [
        "Endpoints api: has 0 address(es), expected 2"]


def test_owned_objects_are_reasons_only_when_their_owners_agree():
    owner_e = obj("Deployment", "api", api="apps/v1", spec={"replicas": 3})
    owner_g = obj("Deployment", "api", api="apps/v1", spec={"replicas": 1})
    rs = obj("ReplicaSet", "api-5d4f", api="apps/v1", meta={"ownerReferences": [{"kind": "Deployment", "name": "api"}]},
             spec={"replicas": 3})
    rs_g = copy.deepcopy(rs)
    rs_g["spec"]["replicas"] = 1
    assert compare_states([], [owner_e, rs], [owner_g, rs_g]).reasons == [
        "Deployment api: spec.replicas is 1, expected 3"]
    assert compare_states([], [owner_e, rs], [owner_e, rs_g]).reasons == [
        "ReplicaSet api-5d4f: spec.replicas is 1, expected 3"]


def test_output_ignores_ages_trailing_space_and_repeats():
    e = "NAME   READY   AGE\nweb    1/1     5s\n"
    assert compare_output(e, "NAME   READY   AGE  \nweb    1/1     2m3s") is None
    assert compare_output("hello\n", "hello\nhello\n") is None
    assert compare_output("10.96.0.1", "") == "printed nothing, expected:\n    10.96.0.1"
    assert compare_output("10.96.0.1", "80").startswith("printed:\n    80\nexpected:\n    10.96.0.1")
