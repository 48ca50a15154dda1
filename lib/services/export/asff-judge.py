"""The independent judge of TrailProof's ASFF documents: Security Hub's own service model, offline.

Usage: python3 asff-judge.py FILE.json ...   (each file a JSON array: one BatchImportFindings call)

1. botocore validates each file as the `Findings` parameter of BatchImportFindings, exactly as the AWS CLI would
   before sending it: required members, unknown members, types, list bounds (1 to 100 findings per call).
2. botocore does not check enum values or patterns before sending; Security Hub does. This script walks every value
   against its shape in the same model and checks the `enum` and `pattern` the model declares.
3. Limits the ASFF documentation states but the model does not carry (AWS Security Hub User Guide, "ASFF syntax"):
   written here by hand from that page.
No AWS call is made. Prints one line per file; exits 1 when any file fails, with every problem listed.
"""

import json
import re
import sys

import botocore.session
import botocore.exceptions
import botocore.validate

MODEL = botocore.session.get_session().get_service_model("securityhub")
INPUT = MODEL.operation_model("BatchImportFindings").input_shape

# From the ASFF syntax documentation (required and top-level attributes).
LIMITS = {"Id": 512, "GeneratorId": 512, "Title": 256, "Description": 1024}
MAX_TYPES = 50
MAX_PRODUCT_FIELDS = 50
MAX_PRODUCT_FIELD_KEY = 128
MAX_PRODUCT_FIELD_VALUE = 2048
MAX_RESOURCES = 32
MAX_RECOMMENDATION_TEXT = 512
# ASFF timestamps: RFC 3339 date-time (the documentation's examples: 2017-03-22T13:22:13.933Z).
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
TIMESTAMP_FIELDS = ["FirstObservedAt", "LastObservedAt", "CreatedAt", "UpdatedAt"]
# The default product of an account: arn:<partition>:securityhub:<region>:<account>:product/<account>/default.
DEFAULT_PRODUCT = re.compile(r"^arn:(aws[a-z-]*):securityhub:([a-z0-9-]+):(\d{12}):product/(\d{12})/default$")


def walk(value, shape, where, problems):
    """Checks enum and pattern of every string against its shape in the service model."""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        for name, member in value.items():
            if name in shape.members:
                walk(member, shape.members[name], f"{where}.{name}", problems)
    elif kind == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            walk(item, shape.member, f"{where}[{i}]", problems)
    elif kind == "map" and isinstance(value, dict):
        for key, item in value.items():
            walk(key, shape.key, f"{where} key {key!r}", problems)
            walk(item, shape.value, f"{where}[{key!r}]", problems)
    elif kind == "string" and isinstance(value, str):
        if shape.enum and value not in shape.enum:
            problems.append(f"{where}: {value!r} is not one of {shape.enum}")
        pattern = shape.metadata.get("pattern")
        if pattern and not re.fullmatch(pattern, value):
            problems.append(f"{where}: {value!r} does not match the pattern {pattern!r}")


def documented_limits(finding, where, problems):
    for name, limit in LIMITS.items():
        if isinstance(finding.get(name), str) and len(finding[name]) > limit:
            problems.append(f"{where}.{name}: {len(finding[name])} characters, at most {limit}")
    for name in TIMESTAMP_FIELDS:
        if name in finding and not (isinstance(finding[name], str) and TIMESTAMP.match(finding[name])):
            problems.append(f"{where}.{name}: {finding[name]!r} is not an RFC 3339 time")
    if len(finding.get("Types", [])) > MAX_TYPES:
        problems.append(f"{where}.Types: more than {MAX_TYPES}")
    fields = finding.get("ProductFields", {})
    if len(fields) > MAX_PRODUCT_FIELDS:
        problems.append(f"{where}.ProductFields: {len(fields)} pairs, at most {MAX_PRODUCT_FIELDS}")
    for key, value in fields.items():
        if len(key) > MAX_PRODUCT_FIELD_KEY or len(str(value)) > MAX_PRODUCT_FIELD_VALUE:
            problems.append(f"{where}.ProductFields[{key!r}]: key or value too long")
    if len(finding.get("Resources", [])) > MAX_RESOURCES:
        problems.append(f"{where}.Resources: more than {MAX_RESOURCES}")
    text = finding.get("Remediation", {}).get("Recommendation", {}).get("Text")
    if isinstance(text, str) and len(text) > MAX_RECOMMENDATION_TEXT:
        problems.append(f"{where}.Remediation.Recommendation.Text: {len(text)} characters, at most {MAX_RECOMMENDATION_TEXT}")
    product = DEFAULT_PRODUCT.match(str(finding.get("ProductArn", "")))
    if not product:
        problems.append(f"{where}.ProductArn: {finding.get('ProductArn')!r} is not an account's default product ARN")
    elif product.group(3) != product.group(4) or product.group(3) != finding.get("AwsAccountId"):
        problems.append(f"{where}.ProductArn: names account {product.group(3)}, the finding is in {finding.get('AwsAccountId')}")
    elif "Region" in finding and product.group(2) != finding["Region"]:
        problems.append(f"{where}.ProductArn: region {product.group(2)}, the finding's Region is {finding['Region']}")


def judge(path):
    with open(path, encoding="utf-8") as handle:
        findings = json.load(handle)
    problems = []
    try:
        botocore.validate.validate_parameters({"Findings": findings}, INPUT)
    except botocore.exceptions.ParamValidationError as error:
        problems.append(str(error))
    if isinstance(findings, list):
        for i, finding in enumerate(findings):
            walk(finding, INPUT.members["Findings"].member, f"Findings[{i}]", problems)
            if isinstance(finding, dict):
                documented_limits(finding, f"Findings[{i}]", problems)
    return problems


def main(paths):
    failed = False
    for path in paths:
        problems = judge(path)
        if problems:
            failed = True
            print(f"INVALID {path}")
            for problem in problems:
                print(f"  {problem}")
        else:
            print(f"valid {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
