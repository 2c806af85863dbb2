"""The published OpenAPI schema documents the error answers every operation can give.

drf-spectacular describes the success answer of each operation; this postprocessing hook adds,
to every operation, the error statuses DRF and the scoping rule produce (400 invalid input,
401 no credentials, 403 not allowed, 404 outside the scope or absent, 415 for a body in a type
the operation does not parse), each with its JSON shape, unless the operation documents it
already. Clients generated from the schema (the mini-program) thus know every status they get.
"""

from __future__ import annotations

from typing import Any

ERROR_SCHEMAS: dict[str, dict[str, Any]] = {
    "ErrorDetail": {
        "type": "object",
        "description": "An error with one message (DRF's `detail`).",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "ValidationErrors": {
        "description": "Invalid input: messages per field (or a list of messages, or one `detail`).",
        "oneOf": [
            {"type": "object", "additionalProperties": {}},
            {"type": "array", "items": {}},
        ],
    },
}

_ERRORS = {
    "400": ("ValidationErrors", "输入无效 Invalid input"),
    "401": ("ErrorDetail", "未登录 Not authenticated"),
    "403": ("ErrorDetail", "无权限 Not allowed"),
    "404": ("ErrorDetail", "不存在或不在本人范围内 Not found or outside the user's scope"),
}
_BODY_ERRORS = {"415": ("ErrorDetail", "不支持的请求格式 Unsupported media type")}


def _response(schema_name: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}},
    }


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "put", "post", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            errors = dict(_ERRORS)
            if "requestBody" in operation:
                errors.update(_BODY_ERRORS)
            for status, (schema_name, description) in errors.items():
                responses.setdefault(status, _response(schema_name, description))
    return result
