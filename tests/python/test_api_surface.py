"""The public surface: documented, typed, and frozen where promised."""

from __future__ import annotations

import ast
import inspect
import pydoc
from pathlib import Path
from typing import Any, Dict, Iterator, List, cast

import pytest

import idiligo
from idiligo import _native


def _public_members(obj: object) -> list:  # type: ignore[type-arg]
    return [(n, m) for n, m in inspect.getmembers(obj) if not n.startswith("_")]


@pytest.mark.parametrize("name", [n for n in idiligo.__all__ if n not in ("DEFAULT_BASE_URL", "__version__")])
def test_everything_public_is_documented(name: str) -> None:
    obj = getattr(idiligo, name)
    assert inspect.getdoc(obj), f"{name} has no docstring"
    if inspect.isclass(obj) and not issubclass(obj, BaseException):
        for member, value in _public_members(obj):
            assert inspect.getdoc(value), f"{name}.{member} has no docstring"


def test_package_metadata() -> None:
    assert idiligo.__doc__
    assert idiligo.__version__.count(".") == 2
    assert idiligo.DEFAULT_BASE_URL == "https://app.idiligo.com"
    assert idiligo.Client.__module__ == "idiligo"
    assert idiligo.ServiceError.__module__ == "idiligo"


def _native_classes() -> List[type]:
    """The classes of the native module (AsyncClient, in Python, holds an executor)."""
    out: List[type] = []
    for name in idiligo.__all__:
        o: Any = getattr(idiligo, name)
        if inspect.isclass(o) and not issubclass(o, BaseException) and getattr(_native, o.__name__, None) is o:
            out.append(cast(type, o))
    return out


def test_every_class_is_native_but_async_client() -> None:
    classes = {n for n in idiligo.__all__ if inspect.isclass(getattr(idiligo, n))}
    errors = {n for n in classes if issubclass(getattr(idiligo, n), BaseException)}
    assert classes - errors - {c.__name__ for c in _native_classes()} == {"AsyncClient"}


@pytest.fixture
def instances(sandbox: idiligo.Sandbox, tmp_path: Path) -> Iterator[Dict[type, object]]:
    """One instance of every native class, most of them made by real calls."""
    with sandbox.client() as client:
        doc = idiligo.DocumentSource(sandbox.host_file("a.pdf", b"%PDF a"), "a.pdf", "ext-a")
        participant = idiligo.Participant("jan@example.com", "Jan")
        meeting = client.start_meeting("INTAKE", participant=participant, documents=[doc])
        snap = sandbox.call(meeting.call_id)
        assert snap is not None and snap.contact is not None
        (saved,) = client.download_all(meeting.call_id, tmp_path)
        report = client.download_all_report(meeting.call_id, tmp_path / "report")
        client.set_value(meeting.public_id, "K", "v")
        assert client.send_mail(meeting.call_id, "jan@example.com", "INVITE")
        results = client.meeting_results(meeting.call_id)
        record = client.get_call(meeting.call_id)
        operation = idiligo.operations()[0]
        (mail,) = sandbox.mails(meeting.call_id)
        with pytest.raises(idiligo.StartMeetingError) as info:
            client.start_meeting(
                "INTAKE",
                participant=participant,
                documents=[idiligo.DocumentSource(f"{sandbox.url}/files/no", "b", "e")],
                cleanup_on_failure=True,
            )
        cleanup = info.value.partial.cleanup
        assert cleanup is not None
        progress = client.get_document_progress(meeting.documents[0].document_id)
        capture = (Path(__file__).resolve().parents[1] / "fixtures" / "asmx" / "wsdl.http").read_bytes()
        wsdl = capture.decode("utf-8").split("\r\n\r\n", 1)[1]
        wsdl_report = idiligo.compare_wsdl(wsdl.replace('type="s:long"', 'type="s:int"', 1))
        objects: List[object] = [
            wsdl_report,
            wsdl_report.differences[0],
            meeting.documents[0],
            saved.attachment,
            snap,
            client,
            snap.contact,
            snap.documents[0],
            doc,
            meeting,
            info.value.partial,
            cleanup,
            cleanup.not_removed[0][0],
            progress,
            participant,
            sandbox,
            sandbox.credentials,
            saved,
            report,
            report.outcomes[0],
            results.values[0],
            record,
            results,
            idiligo.CancelToken(),
            idiligo.DocumentStatus.READY,
            sandbox.document(meeting.documents[0].document_id),
            operation,
            operation.params[0],
            mail,
        ]
        yield {type(o): o for o in objects}


def test_native_classes_are_final_and_frozen(instances: Dict[type, object]) -> None:
    classes = _native_classes()
    assert sorted(c.__name__ for c in instances) == sorted(c.__name__ for c in classes)
    for cls in classes:
        with pytest.raises(TypeError):
            type("Sub", (cls,), {})
        obj = instances[cls]
        assert not hasattr(obj, "__dict__"), cls
        with pytest.raises(AttributeError):
            setattr(obj, "new_attribute", 1)
        attributes = [n for n, v in vars(cls).items() if inspect.isdatadescriptor(v) and not n.startswith("_")]
        assert attributes, cls
        for name in attributes:
            before = getattr(obj, name)
            with pytest.raises(AttributeError):
                setattr(obj, name, before)
            with pytest.raises(AttributeError):
                delattr(obj, name)
            # (by repr: the snapshot classes have no __eq__ and their getters build new objects)
            assert repr(getattr(obj, name)) == repr(before), f"{cls.__name__}.{name} changed"


def _stub_signatures() -> Dict[str, List[str]]:
    """Parameter names of every function and method in the stub, by qualified name."""
    tree = ast.parse((Path(_native.__file__).with_name("_native.pyi")).read_text())
    out: Dict[str, List[str]] = {}

    def params(f: ast.FunctionDef) -> List[str]:
        a = f.args
        names = [x.arg for x in a.posonlyargs + a.args]
        if a.vararg:
            names.append("*" + a.vararg.arg)
        names += [x.arg for x in a.kwonlyargs]
        if a.kwarg:
            names.append("**" + a.kwarg.arg)
        return [n for n in names if n not in ("self", "cls")]

    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            out[node.name] = params(node)
        elif isinstance(node, ast.ClassDef):
            for f in node.body:
                if isinstance(f, ast.FunctionDef) and not any(
                    isinstance(d, ast.Name) and d.id == "property" for d in f.decorator_list
                ):
                    out[f"{node.name}.{f.name}"] = params(f)
    return out


def _runtime_params(obj: object) -> List[str]:
    out = []
    for p in inspect.signature(obj).parameters.values():  # type: ignore[arg-type]
        if p.name in ("self", "cls"):
            continue
        stars: Dict[Any, str] = {inspect.Parameter.VAR_POSITIONAL: "*", inspect.Parameter.VAR_KEYWORD: "**"}
        prefix = stars.get(p.kind, "")
        out.append(prefix + p.name)
    return out


def test_every_native_method_has_a_text_signature() -> None:
    """help() and inspect.signature show the parameters of every public native function,
    constructor and method, and they are the stub's."""
    stub = _stub_signatures()
    checked = set()
    for name in _native.__all__:
        obj = getattr(_native, name)
        if inspect.isclass(obj):
            if f"{name}.__new__" in stub:
                assert _runtime_params(obj) == stub[f"{name}.__new__"], f"{name}()"
                checked.add(f"{name}.__new__")
            for member, value in vars(obj).items():
                if member.startswith("_") and member not in ("__enter__", "__exit__", "__reduce__"):
                    continue
                if not callable(value) or isinstance(value, (property, obj)):
                    continue
                qual = f"{name}.{member}"
                assert qual in stub, f"{qual} is not in the stub"
                assert _runtime_params(getattr(obj, member)) == stub[qual], qual
                checked.add(qual)
        elif callable(obj):
            assert _runtime_params(obj) == stub[name], name
            checked.add(name)
    shown = ("__new__", "__enter__", "__exit__", "__reduce__")
    public = {k for k in stub if not k.startswith("_")}  # not the stub's private protocols
    assert checked == {k for k in public if not k.rsplit(".", 1)[-1].startswith("_") or k.rsplit(".", 1)[-1] in shown}
    assert len(checked) > 80
    text = pydoc.plain(pydoc.render_doc(idiligo.Client.download))
    assert "download(self, /, source, destination, *, progress=None, max_bytes=None" in text, text
    assert "set_values(self, /, public_id, values)" in pydoc.plain(pydoc.render_doc(idiligo.Client))
