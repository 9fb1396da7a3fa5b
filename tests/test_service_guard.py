"""No query sends a request anywhere: SERVICE is found by parsing, and queries run with no
network. Each guard is tested on its own, against a local listener that counts connections,
so that one cannot hide a hole in the other."""

from __future__ import annotations

import os

import pyoxigraph as ox
import pytest
from conftest import Listener, run_kg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg
from kg.errors import KgError
from kg.processes import deny_network, run_bounded
from kg.query import check_query, uses_service


@pytest.fixture(scope="module")
def module_listener():
    listening = Listener()
    yield listening
    listening.close()


def one_triple_store() -> ox.Store:
    """A store where ``?a ?b ?c`` has one solution, so a SERVICE joined to it is called."""
    store = ox.Store()
    store.add(
        ox.Quad(
            ox.NamedNode("http://example.org/a"),
            ox.NamedNode("http://example.org/b"),
            ox.NamedNode("http://example.org/c"),
        )
    )
    return store


def reaches(listener: Listener, query: str) -> bool:
    """Whether Oxigraph itself, with no guard at all, connects to the listener for ``query``."""
    before = listener.connections
    try:
        list(one_triple_store().query(query))
    except (OSError, SyntaxError, ValueError, RuntimeError):
        pass
    return listener.wait_for_more_than(before, seconds=0.2)


def spellings(port: int) -> list[str]:
    """SERVICE written the ways a text scan misses; each is a real SERVICE to Oxigraph."""
    iri = f"<http://127.0.0.1:{port}/x>"
    return [
        f"SELECT * WHERE {{ ?a ?b ?c .SERVICE {iri} {{?s ?p ?o}} }}",
        f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ BIND(ex:a\\' AS ?v) . SERVICE {iri} {{?s ?p ?o}} }}",
        f"SELECT * {{ ?a ?b ?c # a comment ended by a carriage return\rSERVICE {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?a ?b ?c # a comment\nSERVICE {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?a ?b ?c . {{ SELECT * {{ SERVICE SILENT {iri} {{ ?s ?p ?o }} }} }} }}",
        f"PREFIX e: <http://127.0.0.1:{port}/> SELECT * {{ ?a ?b ?c OPTIONAL {{ SeRvIcE e:x {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ ?a ?b ?c FILTER EXISTS {{ SERVICE {iri} {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ ?a ?b ?c . {{ ?a ?b ?c }} UNION {{ SERVICE\t{iri}{{?s ?p ?o}} }} }}",
    ]


def test_every_known_spelling_is_a_real_service_call_and_is_refused(module_listener):
    for query in spellings(module_listener.port):
        assert reaches(module_listener, query), query  # the test is real: unguarded, it gets out
        assert uses_service(query), query
        with pytest.raises(KgError, match="SERVICE"):
            check_query(query)


def test_an_escaped_quote_cannot_hide_a_service_call(module_listener):
    """rdflib expands \\u escapes everywhere (SPARQL 1.1), Oxigraph only inside strings:
    here the first reads one long string where the second runs a SERVICE call."""
    iri = f"<http://127.0.0.1:{module_listener.port}/x>"
    query = (
        f'SELECT * WHERE {{ ?a ?b ?c FILTER(?c != "\\u0022") SERVICE {iri} {{ ?s ?p ?o }} '
        'FILTER(?c != "\\u0022") }'
    )
    assert reaches(module_listener, query)
    with pytest.raises(KgError, match="SERVICE"):
        check_query(query)


def test_the_user_namespace_route_isolates_too(tmp_path):
    """What a user without root gets: a user namespace, then a network namespace."""
    from kg.processes import enter_network_namespace

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        entered = enter_network_namespace(direct=False)
        probe = tmp_path / "kg-userns-probe"
        try:
            with open(probe, "w"):  # files can still be made: the ids map to themselves
                pass
            os.unlink(probe)
            wrote = True
        except OSError:
            wrote = False
        os.write(write, f"{int(entered)}{int(wrote)}{os.readlink('/proc/self/ns/net')}".encode())
        os._exit(0)
    os.waitpid(pid, 0)
    os.close(write)
    answer = os.read(read, 200).decode()
    os.close(read)
    if answer[0] == "0":
        pytest.skip("this kernel refuses user namespaces")
    assert answer[1] == "1" and answer[2:] != os.readlink("/proc/self/ns/net")


def test_escaped_keywords_are_refused_too(module_listener):
    """SPARQL 1.1 turns \\u escapes into characters before parsing; Oxigraph does not, so
    these are syntax errors to it today, and SERVICE calls to an engine that follows the
    standard: refused either way."""
    iri = f"<http://127.0.0.1:{module_listener.port}/x>"
    for query in (
        f"SELECT * {{ ?a ?b ?c . \\u0053ERVICE {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?a ?b ?c . s\\U00000065rvice {iri} {{ ?s ?p ?o }} }}",
    ):
        with pytest.raises(KgError, match="SERVICE"):
            check_query(query)


def test_the_word_service_elsewhere_is_no_service_call():
    for query in (
        'SELECT ?service { ?service <http://a/SERVICE> "SERVICE" } # SERVICE',
        "PREFIX service: <http://example.org/> SELECT * { ?s service:SERVICE ?o }",
        "SELECT * { ?s ?p '''SERVICE <http://x/> { }''' }",
    ):
        assert not uses_service(query)
        check_query(query)


def test_a_text_that_is_no_query_is_refused_with_the_parsers_message():
    with pytest.raises(KgError, match="SPARQL syntax error"):
        check_query("SELECT * WHERE { ?s ?p }")
    with pytest.raises(KgError, match="SPARQL syntax error"):
        check_query("INSERT DATA { <http://a/a> <http://a/b> <http://a/c> }")
    with pytest.raises(KgError, match="must be a string"):
        check_query(123)  # type: ignore[arg-type]
    with pytest.raises(KgError, match=r"nested too deeply|syntax error"):
        check_query("SELECT * " + "{" * 5000 + "}" * 5000)


KEYWORD_LETTERS = "service"
SEPARATORS = [" ", "\t", "\n", "\r", "\r\n", ".", " . ", "# c\n", "# c\r", "#\r\n", "\f"]
WRAPPERS = [
    "{body}",
    "OPTIONAL {{ {body} }}",
    "{{ ?a ?b ?c }} UNION {{ {body} }}",
    "MINUS {{ {body} }}",
    "FILTER EXISTS {{ {body} }}",
    "FILTER NOT EXISTS {{ {body} }}",
    "{{ SELECT * {{ {body} }} }}",
    "GRAPH ?g {{ {body} }}",
    "{{ {{ {body} }} }}",
    "BIND(EXISTS {{ {body} }} AS ?x)",
]


@st.composite
def service_queries(draw) -> str:
    """A SERVICE call written with random case, escapes, separators, comments ended by CR
    or LF, SILENT, prefixed or escaped endpoint names, inside any group pattern; the
    endpoint's port is left as ``{port}``."""
    letters = []
    for letter in KEYWORD_LETTERS:
        letter = letter.upper() if draw(st.booleans()) else letter
        escape = draw(st.sampled_from(["", "u", "U"]))
        letters.append(
            letter
            if not escape
            else (f"\\u{ord(letter):04X}" if escape == "u" else f"\\U{ord(letter):08x}")
        )
    keyword = "".join(letters)
    silent = draw(st.sampled_from(["", " SILENT", " silent", "\tSiLeNt"]))
    endpoint = draw(
        st.sampled_from(
            ["<http://127.0.0.1:{port}/x>", "ep:x", "ep:\\~x", "<http://127.0.0.1:{port}/x\\u0041>"]
        )
    )
    before = draw(st.sampled_from(SEPARATORS))
    after = draw(st.sampled_from([" ", "", "\n", "#c\n", "\t"]))
    lead = draw(
        st.sampled_from(
            [
                "?a ?b ?c",
                "?a ?b ?c ;",
                "BIND(ex:a\\' AS ?v)",
                "BIND(ex:a\\. AS ?v)",
                "",
                "BIND('x' AS ?v)",
                "?a ?b ?c FILTER(?c != 'SERVICE')",
                '?a ?b ?c FILTER(?c != "\\u0022")',
                "?a ?b ?c FILTER(?c != '\\u0027')",
            ]
        )
    )
    trail = draw(st.sampled_from(["", ' FILTER(?v != "\\u0022")', " FILTER(?v != '\\u0027')"]))
    body = f"{lead}{before}{keyword}{silent}{after}{endpoint}{after}{{ ?s ?p ?o }}{trail}"
    wrapper = draw(st.sampled_from(WRAPPERS))
    prefix = "PREFIX ex: <http://example.org/> PREFIX ep: <http://127.0.0.1:{port}/>\n"
    return prefix + "SELECT * WHERE { " + wrapper.format(body=body) + " }"


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(template=service_queries())
def test_no_spelling_that_gets_past_the_parser_reaches_the_network(module_listener, template):
    """Differential: whatever Oxigraph would run as a SERVICE call, the parser refuses."""
    query = template.replace("{port}", str(module_listener.port))
    try:
        check_query(query)
    except KgError:
        return  # refused: a SERVICE, or a text the parser does not take as a query
    assert not reaches(module_listener, query), query


def _network_namespaces_allowed() -> bool:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(write, b"1" if deny_network() else b"0")
        os._exit(0)
    os.waitpid(pid, 0)
    os.close(write)
    allowed = os.read(read, 1) == b"1"
    os.close(read)
    return allowed


needs_namespaces = pytest.mark.skipif(
    not hasattr(os, "fork") or not _network_namespaces_allowed(),
    reason="this kernel refuses network namespaces to this user",
)


@needs_namespaces
def test_an_isolated_query_cannot_connect_even_when_the_parser_is_bypassed(listener):
    query = spellings(listener.port)[0]
    assert reaches(listener, query)  # without isolation the engine gets out
    before = listener.connections

    def unguarded() -> list:
        return list(one_triple_store().query(query))

    with pytest.raises(KgError):
        run_bounded(unguarded, timeout=30, isolate=True, what="query")
    assert listener.connections == before


def test_graph_query_refuses_service_and_allow_service_lets_it_out(listener):
    from test_hardening import graph_of

    graph = graph_of("FooNet", "We propose FooNet.")
    query = f"SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}"
    with pytest.raises(KgError, match="SERVICE"):
        kg.sparql(graph, query)
    with pytest.raises(KgError):  # the listener is no SPARQL server
        kg.sparql(graph, query, allow_service=True, timeout=20)
    assert listener.connections >= 1


def test_kg_query_refuses_every_spelling_before_loading(tmp_path, listener):
    missing = tmp_path / "no-such-graph"
    for query in spellings(listener.port):
        result = run_kg("query", str(missing), query)
        assert result.returncode in (4, 5), query  # QueryError (\\u escapes), ServiceRefused
        assert "SERVICE" in result.stderr and len(result.stderr.splitlines()) == 1
    assert listener.connections == 0


def _query_in_a_daemonic_process(results) -> None:
    from test_hardening import graph_of

    graph = graph_of("FooNet", "We propose FooNet.")
    results.put(kg.sparql(graph, "ASK { ?s ?p ?o }"))


def test_graph_query_works_in_a_daemonic_process():
    """A multiprocessing pool worker may not fork: the query runs in it, parser-guarded."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_query_in_a_daemonic_process, args=(results,), daemon=True)
    child.start()
    assert results.get(timeout=60) == [{"result": True}]
    child.join(30)
