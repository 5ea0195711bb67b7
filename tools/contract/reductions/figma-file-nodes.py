#!/usr/bin/env python3
"""Reduces Figma's document (target/corpus/figma, tools/corpus/prepare.sh) to the one path whose
reply Prism makes wrongly without a finding: `GET /v1/files/{file_key}/nodes`, its 200 reply
only, no security, `Node` cut to its first `oneOf` choice, and the schemas it reaches (136).

    python3 tools/contract/reductions/figma-file-nodes.py > /tmp/figma-nodes.yaml
    tools/contract/node_modules/.bin/prism mock -p 4010 /tmp/figma-nodes.yaml &
    curl -s localhost:4010/v1/files/abc/nodes

Prism's static reply gives `nodes.property1` a full entry and `nodes.property2` an empty
object, which lacks the entry's required `document`, and sends no `sl-violations` header.
"""
import sys
from pathlib import Path

import yaml

root = Path(__file__).resolve().parents[3]
document = yaml.safe_load((root / "target/corpus/figma/openapi/openapi.yaml").read_text())
path = "/v1/files/{file_key}/nodes"
operation = document["paths"][path]["get"]
document["paths"] = {
    path: {
        "get": {
            "operationId": operation["operationId"],
            "parameters": [
                {"name": "file_key", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {"200": operation["responses"]["200"]},
        }
    }
}
document.pop("security", None)
components = document["components"]
components.pop("securitySchemes", None)
node = components["schemas"]["Node"]
node["oneOf"] = node["oneOf"][:1]
node.pop("discriminator", None)


def references(value, found):
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "$ref" and isinstance(inner, str):
                found.add(inner)
            else:
                references(inner, found)
    elif isinstance(value, list):
        for inner in value:
            references(inner, found)


reached, waiting = set(), set()
references(document["paths"], waiting)
while waiting:
    reference = waiting.pop()
    if reference in reached:
        continue
    reached.add(reference)
    _, _, kind, name = reference.split("/")
    references(components[kind][name], waiting)
for kind in list(components):
    components[kind] = {
        name: value
        for name, value in components[kind].items()
        if f"#/components/{kind}/{name}" in reached
    }
yaml.safe_dump(document, sys.stdout, sort_keys=False)
