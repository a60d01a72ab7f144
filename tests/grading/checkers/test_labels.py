import numpy as np

from judge.grading.checkers.labels import _best_assignment, check_up_to_permutation_labels

EXP = np.array([0, 0, 0, 1, 1, 2, 2, 2])


def run(make_ctx, got, exp=EXP, **kw):
    return check_up_to_permutation_labels(got, make_ctx(exp, name="up_to_permutation_labels", **kw))


def test_relabelled_clusters_pass(make_ctx):
    assert run(make_ctx, EXP.copy()).ok
    assert run(make_ctx, np.array([5, 5, 5, 0, 0, 9, 9, 9])).ok
    assert run(make_ctx, np.array([2, 2, 2, 0, 0, 1, 1, 1], dtype=np.int32)).ok


def test_one_point_moved(make_ctx):
    got = np.array([2, 2, 2, 0, 0, 1, 1, 0])  # point 7 joins the cluster of points 3-4
    r = run(make_ctx, got)
    assert (r.ok, r.stage) == (False, "values")
    assert "1 of 8 points is assigned inconsistently" in r.message
    assert "point 7" in r.message
    assert r.details["inconsistent"] == 1 and r.details["first_inconsistent"] == 7


def test_merged_clusters(make_ctx):
    got = np.array([1, 1, 1, 1, 1, 0, 0, 0])
    r = run(make_ctx, got)
    assert r.stage == "values"
    assert "2 of 8 points are assigned inconsistently" in r.message
    assert "merged" in r.message and "you use 2 clusters" in r.message


def test_split_cluster(make_ctx):
    got = np.array([0, 0, 3, 1, 1, 2, 2, 2])
    r = run(make_ctx, got)
    assert r.stage == "values" and "1 of 8 points" in r.message and "split" in r.message


def test_not_a_bijection_even_if_each_expected_cluster_is_pure(make_ctx):
    # Two expected clusters share one label: the map expected -> yours is not one-to-one.
    got = np.array([0, 0, 0, 0, 0, 1, 1, 1])
    r = run(make_ctx, got)
    assert not r.ok and r.details["inconsistent"] == 2


def test_structure(make_ctx):
    assert run(make_ctx, None).stage == "none"
    r = run(make_ctx, EXP.tolist())
    assert r.stage == "type" and "np.asarray" in r.message
    assert run(make_ctx, [0, 0, 1], exp=[1, 1, 0]).ok  # list expected: a list is fine
    r = run(make_ctx, EXP[:-1])
    assert (r.stage, r.details["got_shape"]) == ("shape", (7,))
    r = run(make_ctx, np.eye(8))
    assert r.stage == "shape"
    r = run(make_ctx, EXP.astype(float))
    assert r.stage == "dtype" and "integers" in r.message


def test_labels_hidden_unless_public(make_ctx):
    exp = np.array([12345, 12345, 7, 7])
    got = np.array([0, 1, 1, 1])
    hidden = run(make_ctx, got, exp)
    public = run(make_ctx, got, exp, public=True)
    assert hidden.stage == public.stage == "values"
    assert "12345" not in hidden.message
    assert "12345" in public.message


def test_best_assignment_is_optimal():
    # Greedy would take the 5 first and be left with 0; the best pairing is (0,1) + (1,0) = 8.
    table = np.array([[5, 4], [4, 0]])
    rows, cols = _best_assignment(table)
    assert int(table[rows, cols].sum()) == 8
    rng = np.random.default_rng(3)
    for _ in range(20):
        t = rng.integers(0, 9, size=(4, 6))
        for tt in (t, t.T):
            r, c = _best_assignment(tt)
            best = max(sum(tt[i, p[i]] for i in range(4)) if tt.shape[0] == 4 else
                       sum(tt[p[i], i] for i in range(4)) for p in _perms(6, 4))
            assert int(tt[r, c].sum()) == best


def _perms(n, k):
    from itertools import permutations

    return permutations(range(n), k)
