#!/usr/bin/env python3
"""Lists circles between the files of each crate: file A names something of file B
(`use crate::b`, `super::b::x`, `crate::b::f(...)`) and B, directly or through others, names A.

    python3 scripts/circles.py            # every crate of the workspace; exit 1 on a circle

A module's `mod.rs` declaring its children (`mod x;`, `pub use x::Y;`) is not a use of them:
a parent re-exporting its children is how Rust lays out folders. Anything else is.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CRATES = ["src", "core/src", "results/src", "collector/src", "seal/src", "token/src", "studio/src", "studio/converter/src", "console/src", "console/client/src", "console/opener/src"]
# Where a circle is the design: the definition's types refer to each other (a question holds its
# kind, a kind's options and answers are the definition's, and each kind reads its own fields
# with the definition's reader).
ALLOWED = {"core/src": {"definition", "kind", "answer", "read"}}

PATH = re.compile(r"\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)+)")


def module_of(crate_dir, path):
    rel = os.path.relpath(path, crate_dir)[:-3].split(os.sep)
    if rel[-1] in ("mod", "lib", "main"):
        rel = rel[:-1]
    return rel


def files(crate_dir):
    out = {}
    for dirpath, _, names in os.walk(crate_dir):
        for name in names:
            if name.endswith(".rs"):
                path = os.path.join(dirpath, name)
                out[tuple(module_of(crate_dir, path))] = path
    return out


def resolve(mods, here, is_dir_module, kind, rest):
    parts = [p for p in rest.split("::") if p]
    if kind == "crate":
        base = []
    elif kind == "self":
        base = list(here)
    else:  # super
        base = list(here)[:-1]
        while parts and parts[0] == "super":
            base = base[:-1]
            parts = parts[1:]
    # the longest module path named
    best = None
    for i in range(len(parts), -1, -1):
        candidate = tuple(base + parts[:i])
        if candidate in mods:
            best = candidate
            break
    return best


def strip_comments(text):
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def test_free(text):
    # Unit tests inside a file may use anything.
    i = text.find("#[cfg(test)]")
    return text if i < 0 else text[:i]


def graph(crate_dir):
    mods = files(crate_dir)
    edges = {m: set() for m in mods}
    for m, path in mods.items():
        text = test_free(strip_comments(open(path, encoding="utf-8").read()))
        is_dir = os.path.basename(path) in ("mod.rs", "lib.rs", "main.rs")
        for match in PATH.finditer(text):
            kind, rest = match.group(1), match.group(2)
            target = resolve(mods, m, is_dir, kind, rest)
            if target is None or target == m:
                continue
            # a parent naming its own children (mod x; pub use x::Y) lays out the folder
            if target[: len(m)] == m and len(target) > len(m):
                continue
            edges[m].add(target)
    return edges


def circles(edges):
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in edges:
        if v not in index:
            visit(v)
    return out


def main():
    found = False
    for crate in CRATES:
        crate_dir = os.path.join(ROOT, crate)
        if not os.path.isdir(crate_dir):
            continue
        allowed = ALLOWED.get(crate, set())
        for component in circles(graph(crate_dir)):
            names = ["::".join(m) or "(crate root)" for m in component]
            if {m[0] for m in component if m} <= allowed and all(component):
                continue
            found = True
            print(f"{crate}: a circle between {', '.join(names)}")
    if found:
        sys.exit(1)
    print("no circles between files")


if __name__ == "__main__":
    main()
