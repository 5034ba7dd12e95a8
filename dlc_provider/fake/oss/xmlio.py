"""OSS's XML on the wire: rendering replies from nested (tag, value) lists, and reading request bodies."""

from __future__ import annotations

from collections.abc import Iterable
from email.utils import formatdate
from typing import Any
from xml.etree import ElementTree

from ..core.clock import iso_utc
from ..core.wire import FakeResponse
from .exceptions import MalformedXML

XML_CONTENT_TYPE = "application/xml"
Node = tuple[str, Any]


def _fill(parent: ElementTree.Element, children: Iterable[Node]) -> None:
    for tag, value in children:
        if value is None:
            continue
        child = ElementTree.SubElement(parent, tag)
        if isinstance(value, list):
            _fill(child, value)
        elif isinstance(value, bool):
            child.text = "true" if value else "false"
        else:
            child.text = str(value)


def render(root: str, children: Iterable[Node]) -> bytes:
    element = ElementTree.Element(root)
    _fill(element, children)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(element, encoding="utf-8")


def xml_response(root: str, children: Iterable[Node], status: int = 200, headers: dict[str, str] | None = None) -> FakeResponse:
    return FakeResponse(status, render(root, children), {"Content-Type": XML_CONTENT_TYPE, **(headers or {})})


def parse(body: bytes, root: str) -> ElementTree.Element:
    """The request body's root element, which must be `root`; else MalformedXML."""
    try:
        element = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise MalformedXML() from None
    if element.tag != root:
        raise MalformedXML()
    return element


def text(element: ElementTree.Element, path: str, default: str | None = None) -> str | None:
    found = element.find(path)
    return default if found is None or found.text is None else found.text.strip()


def iso_time(epoch: float) -> str:
    """`2024-05-01T12:00:00.000Z`, as OSS lists times."""
    return iso_utc(epoch).replace("Z", ".000Z")


def http_date(epoch: float) -> str:
    return formatdate(epoch, usegmt=True)


def owner(account: str) -> list[Node]:
    return [("ID", account), ("DisplayName", account)]
