"""Static view of which error codes the code base can raise, for tests/test_error_codes.py.

Reads models/, schema/ and resolvers/ as ASTs: every ``refuse(CODE, …)``, ``Problem(CODE, …)`` and
``<collector>.add(CODE, …)`` (CODE a string literal or a ``…Code.MEMBER``), and a call graph between
functions good enough to follow a resolver into the rules it calls:

- names and ``module.attr`` chains resolve through imports (re-exports followed);
- a nested function is part of the function it is defined in (``work`` closures);
- a method called on an unknown object links to every method of that name (``handler.on_decided``);
- calling a held callable (``for guard in self.guards``, ``self.guard(…)``) links to what was handed over
  as ``guards=``/``guard=`` anywhere (``Process(guards=(g,))``), or ``REGISTRY.append``-ed for a registry;
- calling any other local callable links to what the module's top level refers to (tables of checks).

A first argument that is neither a literal nor a code member is reported as dynamic, unless it is the
``code`` parameter passed straight through (``refuse`` and ``Collector.add`` themselves).
"""
from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("models", "schema", "resolvers")
RAISERS = {"refuse", "Problem"}  # functions whose first argument is a code
BUILTINS = dict.fromkeys(dir(builtins))


@dataclass
class Raise:
    code: str | None  # None: neither a literal nor a code member
    module: str
    line: int
    text: str


@dataclass
class Function:
    module: str
    qualname: str
    raises: list[Raise] = field(default_factory=list)
    refs: set[str] = field(default_factory=set)  # dotted names as written, resolved later
    methods: set[str] = field(default_factory=set)  # ``x.meth(…)`` on an unknown ``x``
    loops: set[str] = field(default_factory=set)  # held callables called: registries, ``self.guards``


@dataclass
class Module:
    name: str
    path: Path
    imports: dict[str, str] = field(default_factory=dict)  # local name -> dotted target
    defs: set[str] = field(default_factory=set)  # top-level functions and classes
    classes: dict[str, set[str]] = field(default_factory=dict)
    appended: dict[str, set[str]] = field(default_factory=dict)  # registry name -> dotted members
    handed: dict[str, set[str]] = field(default_factory=dict)  # keyword -> dotted names passed with it


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _code_of(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Attribute) and isinstance(node.value, (ast.Name, ast.Attribute)):
        owner = _dotted(node.value) or ""
        if owner.split(".")[-1].endswith("Code"):
            return node.attr
    return None


class _Walker(ast.NodeVisitor):
    def __init__(self, module: Module, fn: Function, params: set[str], cls: str | None):
        self.module, self.fn, self.params, self.cls = module, fn, params, cls
        self.loop_vars: dict[str, str] = {}

    def visit_FunctionDef(self, node):  # nested: part of this function
        self.params |= {a.arg for a in node.args.args + node.args.kwonlyargs}
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_For(self, node):
        target, source = _dotted(node.target), _dotted(node.iter)
        if target and source:
            self.loop_vars[target] = source
        self.generic_visit(node)

    visit_AsyncFor = visit_For

    def visit_Call(self, node: ast.Call):
        func = node.func
        name = _dotted(func)
        tail = name.split(".")[-1] if name else None
        collector_add = isinstance(func, ast.Attribute) and func.attr == "add" and len(node.args) >= 2
        if (tail in RAISERS and node.args) or collector_add:
            self._raise(node, node.args[0])
        for kw in node.keywords:  # Process(guards=(guard,)): callables handed to what holds them
            if kw.arg:
                names = (_dotted(n) for n in ast.walk(kw.value) if isinstance(n, (ast.Name, ast.Attribute)))
                self.module.handed.setdefault(kw.arg, set()).update(n for n in names if n)
        known = self.module.imports.keys() | self.module.defs
        if isinstance(func, ast.Name) and func.id in self.loop_vars:
            self.fn.loops.add(self.loop_vars[func.id])
            self.fn.refs.add("<module>")
        elif isinstance(func, ast.Name) and func.id not in known and func.id not in BUILTINS:
            self.fn.refs.add("<module>")  # a callable from the module's tables (``for check in spec.checks``)
        elif isinstance(func, ast.Attribute):
            base = _dotted(func.value)
            if base == "self" and self.cls:
                if func.attr in self.module.classes.get(self.cls, ()):
                    self.fn.refs.add(f"{self.cls}.{func.attr}")
                else:  # a callable the instance holds (``self.guard(…)``)
                    self.fn.loops.add(f"self.{func.attr}")
            elif not (base and base.split(".")[0] in known):
                self.fn.methods.add(func.attr)
        self.generic_visit(node)


    def _raise(self, call: ast.Call, arg: ast.AST):
        code = _code_of(arg)
        if code is None and isinstance(arg, ast.Name) and arg.id == "code" and "code" in self.params:
            return  # passed through: the caller's literal is what counts
        self.fn.raises.append(Raise(code, self.module.name, call.lineno, ast.unparse(call)[:120]))

    def visit_Name(self, node: ast.Name):
        if isinstance(node.ctx, ast.Load):
            self._ref(node, node.id)

    def visit_Attribute(self, node: ast.Attribute):
        if isinstance(node.ctx, ast.Load) and (name := _dotted(node)):
            self._ref(node, name)
        self.generic_visit(node)

    def _ref(self, node: ast.AST, name: str):
        self.fn.refs.add(name)


class CodeBase:
    def __init__(self, root: Path = ROOT):
        self.modules: dict[str, Module] = {}
        self.functions: dict[str, Function] = {}
        trees = {}
        for package in PACKAGES:
            for path in sorted((root / package).rglob("*.py")):
                if "migrations" in path.parts:
                    continue
                parts = list(path.relative_to(root).with_suffix("").parts)
                if parts[-1] == "__init__":
                    parts.pop()
                name = ".".join(parts)
                self.modules[name] = Module(name, path)
                trees[name] = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for name, tree in trees.items():
            self._read(self.modules[name], tree)
        self._reach: dict[str, set[str]] = {}

    # ------------------------------------------------------------ reading

    def _read(self, module: Module, tree: ast.Module) -> None:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.asname:
                        module.imports[a.asname] = a.name
                    else:
                        module.imports[a.name.split(".")[0]] = a.name.split(".")[0]
            elif isinstance(node, ast.ImportFrom) and node.module:
                for a in node.names:
                    module.imports[a.asname or a.name] = f"{node.module}.{a.name}"
        module_fn = Function(module.name, "<module>")
        self.functions[f"{module.name}:<module>"] = module_fn
        for node in tree.body:  # methods first: ``self.x(…)`` is a method call only if ``x`` is one
            if isinstance(node, ast.ClassDef):
                module.classes[node.name] = {i.name for i in node.body
                                             if isinstance(i, (ast.FunctionDef, ast.AsyncFunctionDef))}
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                module.defs.add(node.name)
                self._function(module, node, node.name, None)
            elif isinstance(node, ast.ClassDef):
                module.defs.add(node.name)
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        self._function(module, item, f"{node.name}.{item.name}", node.name)
                    else:
                        _Walker(module, module_fn, set(), node.name).visit(item)
            else:
                _Walker(module, module_fn, set(), None).visit(node)
                for call in ast.walk(node):  # REGISTRY.append(fn) at import time
                    if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                            and call.func.attr in ("append", "add") and call.args
                            and (target := _dotted(call.func.value)) and (member := _dotted(call.args[0]))):
                        module.appended.setdefault(target, set()).add(member)

    def _function(self, module: Module, node, qualname: str, cls: str | None) -> None:
        fn = Function(module.name, qualname)
        params = {a.arg for a in node.args.args + node.args.kwonlyargs}
        walker = _Walker(module, fn, params, cls)
        for stmt in node.body:
            walker.visit(stmt)
        for deco in node.decorator_list:
            walker.visit(deco)
        self.functions[f"{module.name}:{qualname}"] = fn

    # ------------------------------------------------------------ resolving

    def resolve(self, module: str, dotted: str, depth: int = 0) -> str | None:
        """``module:qualname`` of the function or class ``dotted`` names inside ``module``."""
        if depth > 8 or module not in self.modules:
            return None
        mod = self.modules[module]
        head, _, rest = dotted.partition(".")
        if head in mod.defs:
            return self._member(module, dotted)
        if head not in mod.imports:
            return None
        full = mod.imports[head] + (f".{rest}" if rest else "")
        parts = full.split(".")
        for cut in range(len(parts), 0, -1):
            target = ".".join(parts[:cut])
            if target in self.modules:
                remainder = ".".join(parts[cut:])
                return self.resolve(target, remainder, depth + 1) if remainder else None
        return None

    def _member(self, module: str, dotted: str) -> str | None:
        parts = dotted.split(".")
        mod = self.modules[module]
        if parts[0] in mod.classes:
            if len(parts) > 1 and parts[1] in mod.classes[parts[0]]:
                return f"{module}:{parts[0]}.{parts[1]}"
            return None
        key = f"{module}:{parts[0]}"
        return key if key in self.functions else None

    def callees(self, key: str) -> set[str]:
        fn = self.functions[key]
        out = {r for ref in fn.refs if (r := self.resolve(fn.module, ref))}
        out |= {f"{fn.module}:{ref}" for ref in fn.refs if f"{fn.module}:{ref}" in self.functions}
        for meth in fn.methods:
            out |= {f"{m}:{c}.{meth}" for m, mod in self.modules.items()
                    for c, methods in mod.classes.items() if meth in methods}
        for registry in fn.loops:
            owner = self._global(fn.module, registry)
            name = registry.split(".")[-1]  # self.guards: whatever was handed over as ``guards=``
            for m, mod in self.modules.items():
                for target, members in mod.appended.items():
                    if self._global(m, target) == owner:
                        out |= {r for member in members if (r := self.resolve(m, member))}
                out |= {r for member in mod.handed.get(name, ()) if (r := self.resolve(m, member))}
        return out - {key}

    def _global(self, module: str, dotted: str) -> str:
        """Where a module-level variable lives, following ``from x import NAME``."""
        target = self.modules[module].imports.get(dotted)
        if target:
            owner, _, name = target.rpartition(".")
            return f"{owner}:{name}"
        return f"{module}:{dotted}"

    def reachable(self, key: str) -> set[str]:
        """Functions ``key`` may run, itself included."""
        seen, todo = set(), [key]
        while todo:
            k = todo.pop()
            if k in seen or k not in self.functions:
                continue
            seen.add(k)
            todo.extend(self.callees(k))
        return seen

    def codes(self, key: str) -> dict[str, list[Raise]]:
        """Every code ``key`` can raise, with where."""
        out: dict[str, list[Raise]] = {}
        for k in self.reachable(key):
            for r in self.functions[k].raises:
                if r.code is not None:
                    out.setdefault(r.code, []).append(r)
        return out

    def raises(self):
        for fn in self.functions.values():
            yield from fn.raises
