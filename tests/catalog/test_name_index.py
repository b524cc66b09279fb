"""NameIndex: every name the catalog knows a model by, for /model and its autocomplete."""

from catalog import Catalog, ModelInfo
from catalog.catalog import name_index

QWEN = ModelInfo(key="qwen2.5-72b-instruct", name="Qwen2.5-72B-Instruct", family="qwen2.5")
LLAMA = ModelInfo(key="llama-3-70b-instruct", name="Llama-3-70b-Instruct", family="llama-3")
LLAMA_BASE = ModelInfo(key="meta-llama-3-70b", name="Meta-Llama-3-70B", family="llama-3")
GEMINI = ModelInfo(key="gemini-pro-dev-api", name="Gemini Pro (Dev API)", family="gemini")
CATALOG = Catalog(
    [QWEN, LLAMA, LLAMA_BASE, GEMINI],
    {
        "mmlu:qwen2.5-instruct-turbo-(72b)": QWEN.key,
        "meta-llama-3-70b-instruct": LLAMA.key,
        "mmlu:llama-3-(70b)": LLAMA.key,
        "helm-lite:llama-3-(70b)": LLAMA_BASE.key,
        "arena:gemini-pro-(dev-api)": GEMINI.key,
        "google-gemini-1.0-pro-001": GEMINI.key,
    },
)


def test_lookup_by_key_alias_name_scoped_alias_and_hugging_face_id() -> None:
    index = name_index(CATALOG)
    assert index is name_index(CATALOG)  # built once per catalog
    assert index.lookup("QWEN2.5-72B-INSTRUCT") == QWEN
    assert index.lookup("Qwen/Qwen2.5-72B-Instruct") == QWEN  # Hugging Face id
    assert index.lookup("meta-llama/Meta-Llama-3-70B-Instruct") == LLAMA
    assert index.lookup("Gemini Pro (Dev API)") == GEMINI  # display name
    assert index.lookup("google/gemini-1.0-pro-001") == GEMINI  # 'org-name' alias
    assert index.lookup("mmlu:Qwen2.5 Instruct Turbo (72B)") == QWEN  # scoped, with board
    assert index.lookup("qwen2.5-instruct-turbo-(72b)") == QWEN  # one model has that name
    assert index.lookup("mmlu:llama-3-(70b)") == LLAMA
    assert index.lookup("helm-lite:llama-3-(70b)") == LLAMA_BASE
    assert index.lookup("gpt-4o") is None


def test_a_name_two_leaderboards_use_for_different_models_is_ambiguous() -> None:
    index = name_index(CATALOG)
    assert index.lookup("llama-3-(70b)") is None
    assert index.ambiguous("Llama 3 (70B)") == [LLAMA, LLAMA_BASE]
    assert index.closest("llama-3-(70b)")[:2] == [LLAMA, LLAMA_BASE]
    assert index.ambiguous("qwen2.5-72b-instruct") == []
    # A display name is no scoped alias: it names its model.
    assert index.lookup("meta llama 3 70b") == LLAMA_BASE


def test_aliases_closest_matches_and_completion() -> None:
    index = name_index(CATALOG)
    assert index.aliases(LLAMA.key) == ["meta-llama-3-70b-instruct", "mmlu:llama-3-(70b)"]
    assert index.aliases(QWEN.key) == ["mmlu:qwen2.5-instruct-turbo-(72b)"]
    assert index.aliases("nope") == []
    assert index.closest("qwen-2.5-72b")[0] == QWEN
    assert index.closest("zzzzzzzz") == []
    assert len(index.closest("llama", limit=1)) <= 1
    # Names starting with the typed text first, then those merely containing it.
    assert index.complete("llama") == [LLAMA, LLAMA_BASE]
    assert index.complete("meta") == [LLAMA_BASE, LLAMA]  # LLAMA by its alias
    assert index.complete("DEV API") == [GEMINI]
    assert len(index.complete("", limit=3)) == 3
