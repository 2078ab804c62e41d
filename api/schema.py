"""drf-spectacular hooks: the OpenAPI description covers the open data API only (not the Wagtail admin's own API), and
each top-level field of a record carries its meaning from the field dictionary, in Chinese and English."""

from .dictionary import CALL_FIELDS, GRANT_FIELDS, ORGANIZATION_FIELDS

COMPONENTS = {"Call": CALL_FIELDS, "Grant": GRANT_FIELDS, "Organization": ORGANIZATION_FIELDS}


def only_open_data(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def describe_fields(result, **kwargs):
    schemas = result.get("components", {}).get("schemas", {})
    for component, fields in COMPONENTS.items():
        properties = schemas.get(component, {}).get("properties", {})
        for field in fields:
            name = field.path.split(".")[0].split("[")[0]
            if field.path == name and name in properties and "description" not in properties[name]:
                properties[name]["description"] = f"{field.name_zh}：{field.meaning_zh} / {field.meaning_en}"
    return result
