"""Identity links between GitHub and Hugging Face accounts: scored, never silently merged."""

from __future__ import annotations

from talent.store.identity import (
    GithubSide,
    HfSide,
    find_links,
    github_logins_in,
    hf_names_in,
    merges,
    same_name,
)


def gh(id_: int, login: str, name: str | None = None, *texts: str) -> GithubSide:
    return GithubSide(id_, login, name, texts)


def hf(id_: int, name: str, fullname: str | None = None, *texts: str) -> HfSide:
    return HfSide(id_, name, fullname, texts)


def test_profile_links_are_found_in_free_text() -> None:
    assert hf_names_in(("https://huggingface.co/AlesiaK", "see huggingface.co/spaces/x/y")) == {
        "alesiak"
    }
    assert github_logins_in(("code: github.com/alesia-k and https://github.com/orgs/x",)) == {
        "alesia-k"
    }


def test_display_names_compare_accent_and_case_insensitively() -> None:
    assert same_name("Łukasz  Nowak", "łukasz nowak")
    assert same_name("José García", "JOSE GARCIA")
    assert not same_name("Anna", None) and not same_name("", "")


def test_scores_by_evidence() -> None:
    links = find_links(
        [
            gh(1, "alesia-k", "Alesia K", "https://huggingface.co/alesiak"),
            gh(2, "ivan", "Ivan Petrov"),
            gh(3, "sam", "Sam Smith"),
            gh(4, "both", "B", "huggingface.co/bothhf"),
        ],
        [
            hf(10, "alesiak", "Alesia K"),
            hf(20, "ivan", "Ivan Petrov"),
            hf(30, "sam", "Samantha Jones"),
            hf(40, "bothhf", "B", "github.com/both"),
        ],
    )
    by_pair = {(link.github_id, link.hf_id): link for link in links}
    assert by_pair[(1, 10)].confidence == 0.95 and by_pair[(1, 10)].merges
    assert by_pair[(2, 20)].method == "same-handle-and-name" and by_pair[(2, 20)].merges
    assert by_pair[(3, 30)].method == "same-handle" and not by_pair[(3, 30)].merges
    assert by_pair[(4, 40)].confidence == 0.99
    assert all(link.evidence for link in links)


def test_weak_or_ambiguous_evidence_never_merges() -> None:
    links = find_links(
        [gh(1, "a", None, "huggingface.co/shared"), gh(2, "b", None, "huggingface.co/shared")],
        [hf(10, "shared")],
    )
    assert len(links) == 2 and all(link.merges for link in links)
    assert merges(links) == {}  # two GitHub accounts claim one HF account equally
    weak = find_links([gh(1, "same")], [hf(10, "same", "Someone Else")])
    assert merges(weak) == {}
