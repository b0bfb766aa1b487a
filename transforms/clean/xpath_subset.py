"""Compile the attribute-test XPath dialect of trafilatura's selectors to Python.

Why by hand: trafilatura chooses the sections it deletes (navigation, share bars,
ads, comments, hidden blocks, ...) with XPath expressions that test ``id`` / ``class``
/ ``style`` values by EXSLT regular expressions, which libxml2 evaluates through one
Python callback per element and attribute; they are the largest single cost of a
trafilatura extraction.  The same tests generated as one Python function with
compiled regular expressions select the same elements in the same (document) order
in half the time (bench/discard_selectors.py).  No library compiles XPath to Python.

Only this subset is compiled; anything else raises ``Unsupported`` (and the caller
keeps the XPath)::

    union     := path ('|' path)*             all paths './/' or all '//'
    path      := ('.//' | '//') ('*' | NAME) ('[' or ']')*
    or        := and ('or' and)*
    and       := unary ('and' unary)*
    unary     := 'not' '(' or ')' | '(' or ')' | 'self::' NAME | './/' NAME
               | FUNC '(' string ',' STRING ')'      FUNC: contains starts-with re:test
               | attrs ('=' STRING)?                 attribute present / equal
    string    := attrs | 'translate' '(' string ',' STRING ',' STRING ')'
    attrs     := '@'NAME ('|' '@'NAME)*               string value: the first in document order

String values follow XPath 1.0: a missing attribute is '', ``@a|@b`` is the value of
whichever of the two comes first on the element, ``re:test`` is ``re.search`` (lxml's
EXSLT implementation), ``*`` matches elements only.
"""
import itertools
import re
from typing import Callable

from lxml import etree

_TOKEN = re.compile(r"\s*(\.//|//|self::|'[^']*'|\"[^\"]*\"|[\[\]()|,=*]|@?[A-Za-z_][\w:.-]*)")
_FUNCTIONS = {"contains": "({0}) in ({1})", "starts-with": "({1}).startswith({0})",
              "re:test": "{0}({1})"}


class Unsupported(ValueError):
    """The expression is outside the compiled subset."""


def first_attribute(element, names: tuple) -> str:
    """XPath's string value of ``@a|@b|...``: the listed attribute that comes first on the element."""
    present = [name for name in names if element.get(name) is not None]
    if not present:
        return ""
    if len(present) > 1:
        order = element.keys()
        present.sort(key=order.index)
    return element.get(present[0])


def document_elements(tree, names: tuple):
    """What ``//`` walks: the elements of the whole document, in document order; broken
    HTML can leave elements beside the root (a second ``<html>``), which ``//`` includes."""
    root = tree.getroottree().getroot()
    for top in itertools.chain((root,), root.itersiblings()):
        yield from top.iter(*names)


def _tokens(text: str) -> list[str]:
    tokens, position, text = [], 0, text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise Unsupported(f"cannot read {text[position:position + 20]!r}")
        tokens.append(match[1])
        position = match.end()
    return tokens


class _Compiler:
    """Recursive descent over the tokens.  Each rule returns ``(code, needs_attributes)``:
    a Python expression, and whether it is always false on an element without attributes
    (the generated walk then skips those elements at once).  Attribute values are read once
    per element into locals (``attribute_variable``)."""

    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.position = 0
        self.constants = {}    # name -> compiled regex search, translation table, names
        self.read = {}         # attribute name -> local variable holding its value or None

    def peek(self, ahead: int = 0):
        index = self.position + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self, expected=None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise Unsupported(f"expected {expected or 'more'}, found {token!r}")
        self.position += 1
        return token

    def constant(self, value) -> str:
        name = f"_c{len(self.constants)}"
        self.constants[name] = value
        return name

    def attribute_variable(self, name: str) -> str:
        return self.read.setdefault(name, f"_a{len(self.read)}")

    def string_literal(self) -> str:
        token = self.take()
        if token[0] not in "'\"":
            raise Unsupported(f"expected a string, found {token!r}")
        return token[1:-1]

    def element_name(self) -> str:
        name = self.take()
        if not re.fullmatch(r"[A-Za-z][\w-]*", name):
            raise Unsupported(f"element name {name!r}")
        return name

    def union(self) -> tuple[str, tuple, str, bool]:
        """(axis, element names the walk may be limited to or (), test, needs_attributes)."""
        paths = [self.path()]
        while self.peek() == "|":
            self.take()
            paths.append(self.path())
        if self.peek() is not None:
            raise Unsupported(f"unexpected {self.peek()!r}")
        if len({axis for axis, _, _, _ in paths}) != 1:
            raise Unsupported("a union of relative and absolute paths")
        names = () if any(not tags for _, tags, _, _ in paths) else tuple(
            dict.fromkeys(tag for _, tags, _, _ in paths for tag in tags))
        return (paths[0][0], names, " or ".join(f"({test})" for _, _, test, _ in paths),
                all(needs for _, _, _, needs in paths))

    def path(self) -> tuple[str, tuple, str, bool]:
        """(axis, names, test, needs_attributes): ``names`` is the node test, or a first
        predicate of ``self::`` tests only (the walk then visits only those elements)."""
        axis = self.take()
        if axis not in (".//", "//"):
            raise Unsupported(f"a path starting with {axis!r}")
        node = self.take()
        if node == "*":
            names, tests = (), []
        else:
            self.position -= 1
            node = self.element_name()
            names, tests = (node,), [(f"tag == {node!r}", False)]
        while self.peek() == "[":
            self.take()
            tests.append(self.disjunction())
            self.take("]")
        if tests and not names:
            candidates = tuple(re.findall(r"\(tag == '([\w-]+)'\)", tests[0][0]))
            if " or ".join(f"(tag == {name!r})" for name in candidates) == tests[0][0]:
                names = candidates
        code = " and ".join(f"({test})" for test, _ in tests) or "True"
        return axis, names, code, any(needs for _, needs in tests)

    def sequence(self, word: str, operand, needs_of) -> tuple[str, bool]:
        """Operands joined by ``word`` ('or' / 'and'); ``needs_of`` combines their
        needs_attributes (all for 'or', any for 'and')."""
        parts = [operand()]
        while self.peek() == word:
            self.take()
            parts.append(operand())
        return f" {word} ".join(f"({code})" for code, _ in parts), needs_of(needs for _, needs in parts)

    def disjunction(self) -> tuple[str, bool]:
        return self.sequence("or", self.conjunction, all)

    def conjunction(self) -> tuple[str, bool]:
        return self.sequence("and", self.unary, any)

    def unary(self) -> tuple[str, bool]:
        token = self.peek()
        if token in ("not", "("):
            self.take()
            if token == "not":
                self.take("(")
            code, needs = self.disjunction()
            self.take(")")
            return (f"not ({code})", False) if token == "not" else (code, needs)
        if token == "self::":
            self.take()
            return f"tag == {self.element_name()!r}", False
        if token == ".//":
            self.take()
            return f"next(element.iterdescendants({self.element_name()!r}), None) is not None", False
        if token in _FUNCTIONS:
            value, (literal,) = self.call(1)
            if token == "re:test":
                search = re.compile(literal).search
                return _FUNCTIONS[token].format(self.constant(search), value), search("") is None
            return _FUNCTIONS[token].format(repr(literal), value), literal != ""
        if token is not None and token.startswith("@"):
            variables = [self.attribute_variable(name) for name in self.attributes()]
            if self.peek() != "=":
                return " or ".join(f"{variable} is not None" for variable in variables), True
            self.take()
            literal = self.string_literal()
            return " or ".join(f"{variable} == {literal!r}" for variable in variables), True
        raise Unsupported(f"unexpected {token!r}")

    def call(self, literals: int) -> tuple[str, list[str]]:
        """``NAME '(' string (',' STRING){literals} ')'``: the string's code and the literals."""
        self.take()
        self.take("(")
        value, found = self.string(), []
        for _ in range(literals):
            self.take(",")
            found.append(self.string_literal())
        self.take(")")
        return value, found

    def attributes(self) -> tuple:
        names = [self.take()[1:]]
        while self.peek() == "|" and (self.peek(1) or "").startswith("@"):
            self.take()
            names.append(self.take()[1:])
        return tuple(names)

    def string(self) -> str:
        token = self.peek()
        if token == "translate":
            value, (source, target) = self.call(2)
            table = str.maketrans(source[:len(target)], target[:len(source)], source[len(target):])
            return f"({value}).translate({self.constant(table)})"
        if token is None or not token.startswith("@"):
            raise Unsupported(f"a string value from {token!r}")
        names = self.attributes()
        variables = [self.attribute_variable(name) for name in names]
        if len(names) == 1:
            return f"({variables[0]} or '')"
        if len(names) == 2:   # the usual ``@id|@class``: the order matters only when both are there
            first, second = variables
            return (f"(({second} or '') if {first} is None else {first} if {second} is None "
                    f"else first_attribute(element, {self.constant(names)}))")
        return f"first_attribute(element, {self.constant(names)})"


def compile_selector(xpath_text: str) -> Callable:
    """A function ``tree -> [elements]`` selecting what ``XPath(xpath_text)(tree)`` selects,
    in the same order.  Raises ``Unsupported`` outside the subset."""
    compiler = _Compiler(xpath_text)
    axis, names, test, needs_attributes = compiler.union()
    names = f"*{compiler.constant(names)}" if names else "Element"
    walk = f"tree.iterdescendants({names})" if axis == ".//" else f"document_elements(tree, ({names},))"
    lines = ["def select(tree):", "    found = []", f"    for element in {walk}:"]
    if needs_attributes:
        lines.append("        if not element.attrib: continue")
    lines += ["        tag = element.tag", "        get = element.get"]
    lines += [f"        {variable} = get({name!r})" for name, variable in compiler.read.items()]
    lines += [f"        if {test}:", "            found.append(element)", "    return found"]
    namespace = {"Element": etree.Element, "first_attribute": first_attribute,
                 "document_elements": document_elements, **compiler.constants}
    exec(compile("\n".join(lines), f"<selector {xpath_text.strip()[:40]!r}>", "exec"), namespace)
    return namespace["select"]
