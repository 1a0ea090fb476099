"""Structure checks of the Bicep templates in infra/, read as text, and the drift guard.

No Bicep CLI can run here (it is not reachable offline), so these tests stand in for the
parts of `bicep build` that matter most to us: every module and parameter lines up, no
secret or key-based access slips in, the parameter files are deployable, and the app gets
every setting IntelliFin reads. They do not prove the templates deploy; `az bicep build`
and `what-if` do that (docs/deployment.md).

The drift guard (section "What the code needs from Azure") derives from the code, not
from a list kept here, what Azure must have: the queues of every declared message type and
every Service Bus trigger of the indexed function app, the settings the settings model
requires in Azure, the secrets the app reads, the blob container it names and the roles
all of these need. It fails naming the missing piece.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from shared_code.platform.blob import blob_store_from_settings
from shared_code.platform.readiness import required_secret_names
from shared_code.platform.registry import MessageType
from shared_code.platform.secrets import KeyVaultSecrets, secrets_from_settings
from shared_code.platform.settings import AZURE_REQUIRED_SETTINGS, Environment, QueueBackend, Settings, load_settings
from shared_code.platform.tables import table_store_from_settings

REPO = Path(__file__).resolve().parents[2]
INFRA = REPO / "infra"
MAIN = INFRA / "main.bicep"
MODULES = INFRA / "modules"
PARAMETER_FILES = sorted((INFRA / "parameters").glob("*.bicepparam"))
BICEP_FILES = sorted(INFRA.rglob("*.bicep"))
DEPLOYMENT_GUIDE = REPO / "docs" / "deployment.md"
CODE_PACKAGES = ("shared_code", "functions", "orchestrations")
"""The packages deployed as the function app (docs/deployment.md, section 6)."""

ROLE_DEFINITIONS = {
    "b7e6dc6d-f1e8-4753-8033-0f276bb0955b": "Storage Blob Data Owner",
    "974c5e8b-45b9-4653-ba55-5f855dd0fb88": "Storage Queue Data Contributor",
    "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3": "Storage Table Data Contributor",
    "ba92f5b4-2d11-453d-a403-e96b0029c9fe": "Storage Blob Data Contributor",
    "3913510d-42f4-4e42-8a64-420c390055eb": "Monitoring Metrics Publisher",
    "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39": "Azure Service Bus Data Sender",
    "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0": "Azure Service Bus Data Receiver",
    "090c5cfd-751d-490a-894a-3ce6f1109419": "Azure Service Bus Data Owner",
    "4633458b-17de-408a-b874-0445c86b69e6": "Key Vault Secrets User",
}
"""Built-in role ids, as listed in ../shared/reference/azure-platform.md section 6."""

HOST_SETTINGS = [
    "AzureWebJobsStorage__blobServiceUri",
    "AzureWebJobsStorage__queueServiceUri",
    "AzureWebJobsStorage__tableServiceUri",
    "AzureWebJobsStorage__credential",
    "AzureWebJobsStorage__clientId",
    "APPLICATIONINSIGHTS_CONNECTION_STRING",
    "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    "ServiceBusConnection__fullyQualifiedNamespace",
    "ServiceBusConnection__credential",
    "ServiceBusConnection__clientId",
]
"""Settings of the Functions host and its extensions, all identity-based."""

PLATFORM_SETTINGS = {"AZURE_CLIENT_ID"}
"""Read by azure-identity (which identity DefaultAzureCredential uses), not by IntelliFin."""

FORBIDDEN_TEXT = [
    "listKeys(",
    "listConnectionStrings(",
    "listSecrets(",
    "AccountKey=",
    "SharedAccessKey",
    "SharedAccessSignature",
    "DefaultEndpointsProtocol",
    "InstrumentationKey=",
    "APPINSIGHTS_INSTRUMENTATIONKEY",
    "administratorLoginPassword",
    "administratorLogin",
    "Password=",
    "@secure()",
    "br/public:",
]
"""Text that would mean a key, a password or an unrestorable registry module in infra/."""

GUID = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")
RESOURCE_TYPE = re.compile(r"resource\s+\w+\s+'(?P<type>[\w./]+)@(?P<version>[\w-]+)'")
MODULE = re.compile(r"^module\s+(?P<symbol>\w+)\s+'(?P<path>[^']+)'\s*=", re.MULTILINE)
PARAM = re.compile(r"^param\s+(?P<name>\w+)\s+(?P<rest>.*)$", re.MULTILINE)
OUTPUT = re.compile(r"^output\s+(?P<name>\w+)\s", re.MULTILINE)
PARAM_ASSIGNMENT = re.compile(r"^param\s+(?P<name>\w+)\s*=\s*(?P<value>.*)$", re.MULTILINE)
KEY = re.compile(r"^\s*(?P<key>[A-Za-z_]\w*)\s*:")


# ----------------------------------------------------------------------------------------
# A small Bicep lexer: enough to blank out comments and strings and to match brackets.
# ----------------------------------------------------------------------------------------


class BicepSyntaxError(ValueError):
    """Unterminated string or comment, or brackets that do not match."""


PAIRS = {")": "(", "]": "[", "}": "{"}


@dataclass
class _Scanner:
    text: str

    def __post_init__(self) -> None:
        # Both keep the text's length and line breaks, so offsets and lines line up.
        self.masked = list(self.text)  # comments and string contents blanked
        self.uncommented = list(self.text)  # comments blanked, strings kept

    def line_of(self, index: int) -> int:
        return self.text.count("\n", 0, index) + 1

    def blank(self, start: int, end: int, *, comment: bool) -> None:
        for index in range(start, end):
            if self.text[index] != "\n":
                self.masked[index] = " "
                if comment:
                    self.uncommented[index] = " "

    def code(self, index: int, in_interpolation: bool) -> int:
        """Scan code from `index`; inside `${...}` stop after the closing brace."""
        text = self.text
        stack: list[tuple[str, int]] = []
        while index < len(text):
            char = text[index]
            if text.startswith("//", index):
                end = text.find("\n", index)
                end = len(text) if end == -1 else end
                self.blank(index, end, comment=True)
                index = end
            elif text.startswith("/*", index):
                end = text.find("*/", index + 2)
                if end == -1:
                    raise BicepSyntaxError(f"line {self.line_of(index)}: unterminated /* comment")
                self.blank(index, end + 2, comment=True)
                index = end + 2
            elif text.startswith("'''", index):
                end = text.find("'''", index + 3)
                if end == -1:
                    raise BicepSyntaxError(f"line {self.line_of(index)}: unterminated ''' string")
                self.blank(index + 3, end, comment=False)
                index = end + 3
            elif char == "'":
                index = self.string(index + 1)
            elif char in "([{":
                stack.append((char, index))
                index += 1
            elif char in ")]}":
                if not stack and char == "}" and in_interpolation:
                    return index + 1
                if not stack or stack[-1][0] != PAIRS[char]:
                    raise BicepSyntaxError(f"line {self.line_of(index)}: unmatched {char!r}")
                stack.pop()
                index += 1
            else:
                index += 1
        if in_interpolation:
            raise BicepSyntaxError("unterminated ${ interpolation")
        if stack:
            opener, where = stack[-1]
            raise BicepSyntaxError(f"line {self.line_of(where)}: {opener!r} is never closed")
        return index

    def string(self, index: int) -> int:
        """Scan a single-quoted string body from `index`; return the index after its quote."""
        text = self.text
        start = index
        while index < len(text):
            char = text[index]
            if char == "\\":
                index += 2
            elif char == "'":
                self.blank(start, index, comment=False)
                return index + 1
            elif char == "\n":
                break
            elif text.startswith("${", index):
                self.blank(start, index, comment=False)
                index = self.code(index + 2, in_interpolation=True)
                start = index
            else:
                index += 1
        raise BicepSyntaxError(f"line {self.line_of(start)}: unterminated string")


def _scan(text: str) -> _Scanner:
    scanner = _Scanner(text)
    scanner.code(0, in_interpolation=False)
    return scanner


def mask(text: str) -> str:
    """`text` with comments and string contents blanked (same length); checks brackets."""
    return "".join(_scan(text).masked)


def block_after(text: str, pattern: str) -> str:
    """The raw text of the `{...}` or `[...]` that follows the first match of `pattern`."""
    masked = mask(text)
    match = re.search(pattern, masked, re.MULTILINE)
    assert match is not None, f"no match for {pattern!r}"
    opener_index = min(i for i in (masked.find("{", match.end()), masked.find("[", match.end())) if i != -1)
    opener = masked[opener_index]
    closer = "}" if opener == "{" else "]"
    depth = 0
    for index in range(opener_index, len(masked)):
        if masked[index] == opener:
            depth += 1
        elif masked[index] == closer:
            depth -= 1
            if depth == 0:
                return text[opener_index : index + 1]
    raise AssertionError(f"block after {pattern!r} is never closed")


def top_level_keys(block: str) -> dict[str, str]:
    """Keys of an object literal's first level, with the raw text of each value line."""
    masked = mask(block)
    keys: dict[str, str] = {}
    depth = 0
    for raw_line, masked_line in zip(block.splitlines(), masked.splitlines(), strict=True):
        if depth == 1:
            match = KEY.match(masked_line)
            if match:
                keys[match.group("key")] = raw_line.split(":", 1)[1].strip()
        depth += sum(masked_line.count(c) for c in "{[(") - sum(masked_line.count(c) for c in "}])")
    return keys


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def code_of(path: Path) -> str:
    """The file without comments (strings kept), for searches that must ignore comments."""
    return "".join(_scan(read(path)).uncommented)


def declared_params(path: Path) -> dict[str, bool]:
    """Parameters of a template, each mapped to whether it is required (no default)."""
    params = {}
    for match in PARAM.finditer(mask(read(path))):
        rest = match.group("rest")
        params[match.group("name")] = "=" not in rest and not rest.strip().endswith("?")
    return params


def modules_of_main() -> dict[str, Path]:
    return {m.group("symbol"): (INFRA / m.group("path")) for m in MODULE.finditer(read(MAIN))}


def function_app_settings() -> dict[str, str]:
    """The app settings function-app.bicep writes, each with its raw Bicep expression."""
    return top_level_keys(block_after(read(MODULES / "function-app.bicep"), r"^var appSettings\s*="))


# ----------------------------------------------------------------------------------------
# The lexer itself (so that a broken lexer cannot make the checks below pass vacuously).
# ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "var a = {\n  b: [\n    1\n  ]\n}\n",
        "var s = 'has } and ] inside'\n",
        "var s = 'x${concat('a', '}')}y'\n",
        "var s = 'it\\'s'\n// a comment with ( and {\n",
        "var s = '''\nmulti { line\n'''\n",
    ],
)
def test_lexer_accepts_balanced_bicep(source: str) -> None:
    mask(source)


@pytest.mark.parametrize(
    "source",
    [
        "var a = {\n  b: [\n    1\n  }\n}\n",
        "var a = (1\n",
        "var s = 'never closed\n",
        "var s = '${a'\n",
        "/* never closed\n",
        "var a = 1 }\n",
    ],
)
def test_lexer_rejects_unbalanced_bicep(source: str) -> None:
    with pytest.raises(BicepSyntaxError):
        mask(source)


def test_top_level_keys_ignore_nested_keys() -> None:
    block = "{\n  a: 1\n  b: {\n    c: 2\n  }\n  d: 'x: y'\n}"
    assert top_level_keys(block) == {"a": "1", "b": "{", "d": "'x: y'"}


# ----------------------------------------------------------------------------------------
# The templates
# ----------------------------------------------------------------------------------------


def test_templates_exist() -> None:
    assert MAIN.is_file()
    assert {path.name for path in PARAMETER_FILES} >= {"dev.bicepparam", "prod.bicepparam"}
    assert "targetScope = 'resourceGroup'" in read(MAIN)


@pytest.mark.parametrize("path", BICEP_FILES + PARAMETER_FILES, ids=lambda p: p.name)
def test_brackets_balance(path: Path) -> None:
    mask(read(path))


def test_every_module_referenced_by_main_exists() -> None:
    modules = modules_of_main()
    assert modules, "main.bicep references no module"
    missing = [str(path.relative_to(INFRA)) for path in modules.values() if not path.is_file()]
    assert missing == []


def test_every_module_file_is_used() -> None:
    used = {path.resolve() for path in modules_of_main().values()}
    unused = [path.name for path in MODULES.glob("*.bicep") if path.resolve() not in used]
    assert unused == []


def test_module_calls_match_module_parameters() -> None:
    text = read(MAIN)
    problems = []
    for symbol, path in modules_of_main().items():
        declared = declared_params(path)
        passed = set(top_level_keys(block_after(text, rf"^module\s+{symbol}\s+'[^']+'\s*=[\s\S]*?params:")))
        unknown = passed - declared.keys()
        missing = {name for name, required in declared.items() if required} - passed
        if unknown:
            problems.append(f"{symbol}: unknown params {sorted(unknown)}")
        if missing:
            problems.append(f"{symbol}: missing required params {sorted(missing)}")
    assert problems == []


def test_module_outputs_used_by_main_exist() -> None:
    text = mask(read(MAIN))
    outputs = {
        symbol: {m.group("name") for m in OUTPUT.finditer(read(path))} for symbol, path in modules_of_main().items()
    }
    used = set(re.findall(r"\b(\w+)\.outputs\.(\w+)", text))
    assert used, "main.bicep uses no module output"
    unknown = sorted(f"{symbol}.{name}" for symbol, name in used if name not in outputs.get(symbol, set()))
    assert unknown == []


def test_main_has_the_documented_outputs() -> None:
    outputs = {m.group("name") for m in OUTPUT.finditer(read(MAIN))}
    assert outputs >= {
        "functionAppName",
        "functionAppHostname",
        "staticWebAppHostname",
        "keyVaultUri",
        "postgresFqdn",
    }


def test_every_main_param_is_used() -> None:
    text = mask(read(MAIN))
    body = PARAM.sub("", text)
    unused = [name for name in declared_params(MAIN) if not re.search(rf"\b{name}\b", body)]
    assert unused == []


@pytest.mark.parametrize("path", PARAMETER_FILES, ids=lambda p: p.name)
def test_parameter_file_matches_main(path: Path) -> None:
    text = read(path)
    assert re.search(r"^using '\.\./main\.bicep'\s*$", text, re.MULTILINE)
    declared = declared_params(MAIN)
    assigned = {m.group("name") for m in PARAM_ASSIGNMENT.finditer(text)}
    assert assigned, f"{path.name} sets no parameter"
    assert sorted(assigned - declared.keys()) == []
    assert sorted({name for name, required in declared.items() if required} - assigned) == []


def _assigned_values(path: Path) -> dict[str, str]:
    return {m.group("name"): m.group("value").strip() for m in PARAM_ASSIGNMENT.finditer(read(path))}


@dataclass(frozen=True)
class EnvironmentValue:
    """`readEnvironmentVariable('NAME')` in a parameter file: deployment stops if NAME is unset."""

    variable: str


@dataclass(frozen=True)
class ParamSpec:
    """A parameter of main.bicep: its type, default and decorators."""

    name: str
    type: str
    default: Any
    """The parsed default, or REQUIRED."""
    allowed: list[Any] | None
    min_length: int | None
    min_value: int | None
    max_value: int | None


REQUIRED = object()
"""The default of a parameter that has none."""

EXPRESSION = object()
"""A default computed by Bicep (e.g. `resourceGroup().location`); Bicep itself checks it."""

PARAM_LINE = re.compile(r"^param\s+(?P<name>\w+)\s+(?P<type>[\w\[\]]+)(?:\s*=\s*(?P<default>.+))?$")
ENV_VALUE = re.compile(r"^readEnvironmentVariable\('(?P<variable>[A-Z0-9_]+)'\)$")


def bicep_literal(text: str) -> Any:
    """A literal Bicep value (string, int, bool, array of literals) or None if it is an expression."""
    text = text.strip()
    if re.fullmatch(r"'(?:[^'\\$]|\\.)*'", text):
        return text[1:-1].replace("\\'", "'")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if text in ("true", "false"):
        return text == "true"
    if text == "[]":
        return []
    if text.startswith("[") and text.endswith("]"):
        items = [bicep_literal(item) for item in re.findall(r"'[^']*'|-?\d+", text)]
        return items
    environment = ENV_VALUE.fullmatch(text)
    if environment:
        return EnvironmentValue(environment.group("variable"))
    return None


def _literal_or_expression(text: str) -> Any:
    value = bicep_literal(text)
    return EXPRESSION if value is None else value


def main_params() -> dict[str, ParamSpec]:
    """The parameters of main.bicep with their decorators, read line by line."""
    specs = {}
    decorators: list[str] = []
    for line in read(MAIN).splitlines():
        match = PARAM_LINE.match(line)
        if match:
            text = "\n".join(decorators)
            allowed = re.search(r"@allowed\(\[(?P<items>.*?)\]\)", text, re.DOTALL)
            numbers = {
                key: int(found.group(1)) if (found := re.search(rf"@{key}\((-?\d+)\)", text)) else None
                for key in ("minLength", "minValue", "maxValue")
            }
            default = match.group("default")
            specs[match.group("name")] = ParamSpec(
                name=match.group("name"),
                type=match.group("type"),
                default=REQUIRED if default is None else _literal_or_expression(default),
                allowed=[bicep_literal(item) for item in re.findall(r"'[^']*'|-?\d+", allowed.group("items"))]
                if allowed
                else None,
                min_length=numbers["minLength"],
                min_value=numbers["minValue"],
                max_value=numbers["maxValue"],
            )
            decorators = []
        elif not line.strip() or line.startswith("//"):
            decorators = []
        else:
            decorators.append(line)
    return specs


def parameter_values(path: Path) -> dict[str, Any]:
    """Every main.bicep parameter's value in a deployment with `path`: assigned, else the default."""
    assigned = {m.group("name"): bicep_literal(m.group("value")) for m in PARAM_ASSIGNMENT.finditer(read(path))}
    return {name: assigned.get(name, spec.default) for name, spec in main_params().items()} | {
        name: value for name, value in assigned.items() if name not in main_params()
    }


POSTGRES_STORAGE_SIZES_GB = {32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768}
"""The sizes a PostgreSQL flexible server offers (premium SSD)."""

POSTGRES_SKU_TIERS = {"Standard_B": "Burstable", "Standard_D": "GeneralPurpose", "Standard_E": "MemoryOptimized"}
"""Compute SKU name prefix -> the tier it belongs to."""


def deployability_problems(values: dict[str, Any]) -> list[str]:
    """What ARM (or the resource provider) would refuse in a deployment with these values."""
    problems = []
    specs = main_params()
    for name, value in values.items():
        spec = specs.get(name)
        if spec is None:
            problems.append(f"{name}: not a parameter of main.bicep")
            continue
        if value is REQUIRED:
            problems.append(f"{name}: required and not set")
            continue
        if isinstance(value, EnvironmentValue) or value is EXPRESSION:
            continue  # unset variables stop the deployment by name; Bicep checks its own defaults
        if value is None:
            problems.append(f"{name}: not a literal value (the checks below cannot read it)")
            continue
        if spec.allowed is not None and value not in spec.allowed:
            problems.append(f"{name}: {value!r} is not one of {spec.allowed}")
        if spec.min_length is not None and len(value) < spec.min_length:
            problems.append(f"{name}: shorter than {spec.min_length}")
        if spec.min_value is not None and value < spec.min_value:
            problems.append(f"{name}: below {spec.min_value}")
        if spec.max_value is not None and value > spec.max_value:
            problems.append(f"{name}: above {spec.max_value}")
    sku, tier = str(values.get("postgresSkuName")), values.get("postgresSkuTier")
    expected_tier = next((t for prefix, t in POSTGRES_SKU_TIERS.items() if sku.startswith(prefix)), None)
    if expected_tier != tier:
        problems.append(f"postgresSkuName {sku} is a {expected_tier} SKU, not {tier}")
    if tier == "Burstable" and values.get("postgresHighAvailability") != "Disabled":
        problems.append("Burstable PostgreSQL has no high availability")
    if values.get("postgresElasticCluster") is True:
        if values.get("postgresVersion") != "17":
            problems.append("elastic clusters run PostgreSQL 17")
        if tier == "Burstable":
            problems.append("elastic clusters need GeneralPurpose or MemoryOptimized compute")
    if values.get("postgresStorageSizeGB") not in POSTGRES_STORAGE_SIZES_GB:
        problems.append(f"postgresStorageSizeGB {values.get('postgresStorageSizeGB')} is not an offered size")
    return problems


@pytest.mark.parametrize("path", PARAMETER_FILES, ids=lambda p: p.name)
def test_parameter_file_is_deployable(path: Path) -> None:
    assert deployability_problems(parameter_values(path)) == []


@pytest.mark.parametrize("path", PARAMETER_FILES, ids=lambda p: p.name)
def test_parameter_file_gives_every_required_parameter_a_value(path: Path) -> None:
    assigned = {m.group("name"): m.group("value").strip() for m in PARAM_ASSIGNMENT.finditer(read(path))}
    required = [name for name, spec in main_params().items() if spec.default is REQUIRED]
    assert "smtpHost" in required, "the mail server must be refused at deploy time when missing"
    assert [name for name in required if name not in assigned] == []
    empty = [name for name in required if bicep_literal(assigned[name]) in ("", [], None)]
    assert empty == [], "required parameters set to nothing (or to an expression these checks cannot read)"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"postgresSkuTier": "Burstable"}, "Burstable PostgreSQL has no high availability"),
        ({"postgresSkuName": "Standard_B2ms"}, "postgresSkuName Standard_B2ms is a Burstable SKU"),
        ({"postgresElasticCluster": True}, "elastic clusters run PostgreSQL 17"),
        ({"postgresStorageSizeGB": 100}, "postgresStorageSizeGB 100 is not an offered size"),
        ({"postgresHighAvailability": "Zonal"}, "postgresHighAvailability: 'Zonal' is not one of"),
        ({"smtpHost": ""}, "smtpHost: shorter than 1"),
        ({"smtpHost": REQUIRED}, "smtpHost: required and not set"),
        ({"postgresBackupRetentionDays": 90}, "postgresBackupRetentionDays: above 35"),
    ],
)
def test_undeployable_prod_values_are_caught(change: dict[str, Any], problem: str) -> None:
    values = parameter_values(INFRA / "parameters" / "prod.bicepparam") | change
    assert any(found.startswith(problem) for found in deployability_problems(values)), problem


def test_dev_and_prod_sizes() -> None:
    dev = _assigned_values(INFRA / "parameters" / "dev.bicepparam")
    prod = _assigned_values(INFRA / "parameters" / "prod.bicepparam")
    assert dev["postgresSkuTier"] == "'Burstable'"
    assert dev["postgresHighAvailability"] == "'Disabled'"
    assert dev["postgresBackupRetentionDays"] == "7"
    assert prod["postgresSkuTier"] == "'GeneralPurpose'"
    assert prod["postgresBackupRetentionDays"] == "35"


def test_resources_use_dated_stable_api_versions() -> None:
    found = []
    for path in BICEP_FILES:
        for match in RESOURCE_TYPE.finditer(read(path)):
            found.append(match)
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", match.group("version")), (
                f"{path.name}: {match.group('type')}@{match.group('version')} is not a stable API version"
            )
    assert len(found) >= 20


# ----------------------------------------------------------------------------------------
# Identity and secrets
# ----------------------------------------------------------------------------------------


def test_role_ids_are_known_and_named_for_their_role() -> None:
    used_roles = set()
    for path in BICEP_FILES:
        for line in read(path).splitlines():
            for guid in GUID.findall(line):
                role = ROLE_DEFINITIONS.get(guid.lower())
                assert role is not None, f"{path.name}: unknown role id {guid}"
                label = line.split(":", 1)[0].strip()
                assert label.lower() == role.replace(" ", "").lower(), (
                    f"{path.name}: {guid} is {role!r} but is labelled {label!r}"
                )
                used_roles.add(role)
    assert used_roles, "no role is assigned anywhere"


def test_role_assignments_go_to_the_app_identity_as_service_principal() -> None:
    for path in BICEP_FILES:
        text = read(path)
        count = text.count("Microsoft.Authorization/roleAssignments@")
        assert text.count("principalType: 'ServicePrincipal'") >= count, path.name
        assert text.count("roleDefinitionIds.") >= 2 * count, path.name


@pytest.mark.parametrize("path", BICEP_FILES + PARAMETER_FILES, ids=lambda p: p.name)
def test_no_keys_passwords_or_registry_modules(path: Path) -> None:
    text = read(path)
    found = [needle for needle in FORBIDDEN_TEXT if needle.lower() in text.lower()]
    assert found == []


def test_storage_allows_no_shared_key() -> None:
    text = code_of(MODULES / "storage.bicep")
    assert "allowSharedKeyAccess: false" in text
    assert "allowBlobPublicAccess: false" in text
    assert "minimumTlsVersion: 'TLS1_2'" in text
    assert "allowSharedKeyAccess: true" not in text


def test_local_auth_is_disabled_everywhere() -> None:
    assert "disableLocalAuth: true" in code_of(MODULES / "service-bus.bicep")
    assert "DisableLocalAuth: true" in code_of(MODULES / "monitoring.bicep")
    postgres = code_of(MODULES / "postgres.bicep")
    assert "activeDirectoryAuth: 'Enabled'" in postgres
    assert "passwordAuth: 'Disabled'" in postgres
    vault = code_of(MODULES / "key-vault.bicep")
    for setting in ("enableRbacAuthorization: true", "enableSoftDelete: true", "enablePurgeProtection: true"):
        assert setting in vault


# ----------------------------------------------------------------------------------------
# The function app
# ----------------------------------------------------------------------------------------


def test_app_settings_include_every_host_setting() -> None:
    settings = function_app_settings()
    missing = [name for name in HOST_SETTINGS if name not in settings]
    assert missing == []


def test_app_setting_values_select_the_azure_adapters() -> None:
    settings = function_app_settings()
    assert settings["INTELLIFIN_ENV"] == "'azure'"
    assert settings["QUEUE_BACKEND"] == "'servicebus'"
    assert settings["AzureWebJobsStorage__credential"] == "'managedidentity'"
    assert settings["ServiceBusConnection__credential"] == "'managedidentity'"
    assert settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"].endswith(";Authorization=AAD'")
    assert "appContainerName" in settings["BLOB_CONTAINER"]
    assert re.search(r"^var appContainerName = 'intellifin'$", read(MAIN), re.MULTILINE)


def test_no_storage_connection_setting() -> None:
    settings = function_app_settings()
    assert "AzureWebJobsStorage" not in settings
    assert "STORAGE_CONNECTION_STRING" not in settings


def test_passwords_come_only_from_key_vault() -> None:
    settings = function_app_settings()
    password_settings = {name: value for name, value in settings.items() if "PASSWORD" in name}
    assert password_settings, "expected the SMTP password setting"
    for name, value in password_settings.items():
        assert value.startswith("'@Microsoft.KeyVault("), name


def test_database_url_has_no_password_and_requires_tls() -> None:
    text = read(MODULES / "function-app.bicep")
    match = re.search(r"^var databaseUrl = '(?P<url>[^\n]+)'$", text, re.MULTILINE)
    assert match is not None
    url = match.group("url")
    assert url.startswith("postgresql://${uriComponent(identityName)}@")
    assert "sslmode=require" in url
    user_part = url.split("@", 1)[0]
    assert ":" not in user_part.removeprefix("postgresql://"), "no password in DATABASE_URL"


def test_every_other_app_setting_is_read_by_the_settings_model() -> None:
    fields = {name.upper() for name in Settings.model_fields}
    written = set(function_app_settings()) - set(HOST_SETTINGS) - PLATFORM_SETTINGS
    assert sorted(written - fields) == [], "the Bicep writes settings that nothing reads"


def test_flex_consumption_shape() -> None:
    text = code_of(MODULES / "function-app.bicep")
    assert "kind: 'functionapp,linux'" in text
    assert "name: 'FC1'" in text
    assert "tier: 'FlexConsumption'" in text
    assert "type: 'UserAssignedIdentity'" in text
    assert "keyVaultReferenceIdentity: identityId" in text
    assert "scaleAndConcurrency:" in text
    assert "name: 'python'" in text
    assert re.search(r"pythonVersion: '3\.11'", read(MAIN))
    assert "/${deploymentContainerName}'" in text
    assert re.search(r"^var deploymentContainerName = 'deployments'$", read(MAIN), re.MULTILINE)


def test_publishing_policies_have_a_location() -> None:
    # ARM rejects the policy without one (Azure/bicep-types-az 1317, 1504, 1527).
    text = read(MODULES / "function-app.bicep")
    starts = [
        m.start()
        for m in re.finditer(r"^resource \w+ 'Microsoft\.Web/sites/basicPublishingCredentialsPolicies@", text, re.M)
    ]
    assert len(starts) == 2
    for start in starts:
        assert "location" in top_level_keys(block_after(text[start:], r"^resource"))


def test_durable_work_is_picked_up_within_seconds_on_flex() -> None:
    host = json.loads(read(REPO / "host.json"))
    interval = host["extensions"]["durableTask"]["storageProvider"]["maxQueuePollingInterval"]
    hours, minutes, seconds = (int(part) for part in interval.split(":"))
    assert 0 < hours * 3600 + minutes * 60 + seconds <= 10, "Microsoft recommends at most 10 s on Flex"
    groups = block_after(read(MODULES / "function-app.bicep"), r"^var alwaysReadyGroups\s*=")
    assert re.search(r"name: 'durable'\s+instanceCount: alwaysReadyDurableInstances", groups)
    assert "alwaysReadyDurableInstances: functionAlwaysReadyDurableInstances" in read(MAIN)
    assert parameter_values(INFRA / "parameters" / "prod.bicepparam")["functionAlwaysReadyDurableInstances"] >= 1


def test_static_web_app_is_standard_and_linked_to_the_function_app() -> None:
    site = code_of(MODULES / "static-web-app.bicep")
    assert "name: 'Standard'" in site
    backend = code_of(MODULES / "static-web-app-backend.bicep")
    assert "Microsoft.Web/staticSites/linkedBackends@" in backend
    assert "backendResourceId: functionAppId" in backend
    assert "functionAppId: functionApp.outputs.id" in read(MAIN)


# ----------------------------------------------------------------------------------------
# Service Bus and PostgreSQL
# ----------------------------------------------------------------------------------------


def test_queues_dead_letter_after_ten_deliveries() -> None:
    assert re.search(r"^var serviceBusMaxDeliveryCount = 10$", read(MAIN), re.MULTILINE)
    queue = block_after(read(MODULES / "service-bus.bicep"), r"^resource queues\s")
    properties = top_level_keys(block_after(queue, r"properties:"))
    assert properties["maxDeliveryCount"] == "maxDeliveryCount"
    assert properties["deadLetteringOnMessageExpiration"] == "true"


def test_postgres_entra_admin_is_the_app_identity() -> None:
    main = read(MAIN)
    assert "appPrincipalId: identity.outputs.principalId" in main
    assert "appPrincipalName: identity.outputs.name" in main
    text = code_of(MODULES / "postgres.bicep")
    assert "flexibleServers/administrators@" in text
    assert "principalType: 'ServicePrincipal'" in text


def test_postgres_elastic_cluster_is_optional() -> None:
    text = code_of(MODULES / "postgres.bicep")
    assert re.search(r"clusterProperties = elasticCluster \? \{\s*cluster: \{\s*clusterSize:", text)
    assert "union(serverProperties, clusterProperties)" in text
    assert "elasticCluster: postgresElasticCluster" in read(MAIN)
    assert declared_params(MAIN).get("postgresElasticCluster") is False


def test_postgres_defaults() -> None:
    main = read(MAIN)
    assert re.search(r"^param postgresVersion string = '16'$", main, re.MULTILINE)
    assert re.search(r"^var postgresDatabaseName = 'intellifin'$", main, re.MULTILINE)
    text = code_of(MODULES / "postgres.bicep")
    assert "name: 'azure.extensions'" in text


# ----------------------------------------------------------------------------------------
# What the code needs from Azure (the drift guard)
# ----------------------------------------------------------------------------------------


def code_modules() -> Iterator[ModuleType]:
    """Every module of the deployed packages, imported (wherever the code has moved to)."""
    for package_name in CODE_PACKAGES:
        package = importlib.import_module(package_name)
        yield package
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if info.name.rsplit(".", 1)[-1] != "__main__":
                yield importlib.import_module(info.name)


def declared_message_types() -> set[MessageType]:
    """Every message type the code declares (module-level `MessageType` constants)."""
    return {value for module in code_modules() for value in vars(module).values() if isinstance(value, MessageType)}


def service_bus_triggers(indexed_functions: list[Any]) -> dict[str, dict[str, Any]]:
    """The Service Bus queue triggers of the indexed function app, by function name."""
    return {fn.name: fn.binding for fn in indexed_functions if fn.trigger == "serviceBusTrigger"}


def deployed_queue_names() -> set[str]:
    return set(re.findall(r"'([^']+)'", block_after(read(MAIN), r"^var serviceBusQueueNames\s*=")))


def assigned_roles(path: Path) -> set[str]:
    """The roles the role assignments of one template grant, by name."""
    text = read(path)
    ids = dict(re.findall(r"^\s*(\w+): '([0-9a-fA-F-]{36})'$", text, re.MULTILINE))
    roles = set()
    for match in re.finditer(r"^resource \w+ 'Microsoft\.Authorization/roleAssignments@", text, re.MULTILINE):
        block = block_after(text[match.start() :], r"^resource")
        roles |= {ROLE_DEFINITIONS[ids[label].lower()] for label in re.findall(r"roleDefinitionIds\.(\w+)", block)}
    return roles


def key_vault_references() -> dict[str, str]:
    """App settings that are Key Vault references, with the Bicep expression of the secret name."""
    references = {}
    for name, value in function_app_settings().items():
        match = re.search(r"@Microsoft\.KeyVault\(.*SecretName=\$\{(\w+)\}", value)
        if match:
            references[name] = match.group(1)
    return references


def test_the_code_declares_message_types_and_queue_triggers(indexed_functions: list[Any]) -> None:
    # The derivation itself: if it found nothing, every check below would pass vacuously.
    assert MessageType("email.send", queue="notifications") in declared_message_types()
    assert service_bus_triggers(indexed_functions)["notifications_queue"]["queueName"] == "notifications"


def test_every_queue_the_code_sends_to_or_listens_on_is_deployed(indexed_functions: list[Any]) -> None:
    deployed = deployed_queue_names()
    missing = [
        f"Service Bus queue {t.queue!r} (message type {t.name!r}) is missing from serviceBusQueueNames in main.bicep"
        for t in sorted(declared_message_types(), key=lambda t: t.name)
        if t.queue not in deployed
    ] + [
        f"Service Bus queue {b['queueName']!r} (trigger of {name}) is missing from serviceBusQueueNames in main.bicep"
        for name, b in sorted(service_bus_triggers(indexed_functions).items())
        if b["queueName"] not in deployed
    ]
    assert missing == []


def test_every_deployed_queue_is_used_by_the_code(indexed_functions: list[Any]) -> None:
    used = {t.queue for t in declared_message_types()}
    used |= {b["queueName"] for b in service_bus_triggers(indexed_functions).values()}
    assert sorted(deployed_queue_names() - used) == [], "queues nothing sends to or listens on"


def test_every_queue_the_code_sends_to_has_a_trigger(indexed_functions: list[Any]) -> None:
    # In Azure nothing else drains a Service Bus queue: without a trigger messages pile up.
    listened = {b["queueName"] for b in service_bus_triggers(indexed_functions).values()}
    unheard = sorted(f"{t.name} -> {t.queue}" for t in declared_message_types() if t.queue not in listened)
    assert unheard == []


def test_every_declared_message_type_has_a_handler() -> None:
    # A message nobody handles is dead-lettered at once (PermanentMessageError).
    from shared_code.capabilities import CAPABILITIES

    handled = {name for capability in CAPABILITIES for name in capability.message_handlers}
    assert sorted(t.name for t in declared_message_types() if t.name not in handled) == []


def test_every_trigger_connection_is_configured_by_identity(indexed_functions: list[Any]) -> None:
    settings = function_app_settings()
    connections = {b["connection"] for b in service_bus_triggers(indexed_functions).values()}
    assert connections
    missing = [
        f"{connection}__{part}"
        for connection in sorted(connections)
        for part in ("fullyQualifiedNamespace", "credential", "clientId")
        if f"{connection}__{part}" not in settings
    ]
    assert missing == []


def test_every_setting_required_in_azure_is_written_by_the_bicep() -> None:
    required = {name for name, field in Settings.model_fields.items() if field.is_required()}
    required |= AZURE_REQUIRED_SETTINGS
    written = function_app_settings()
    missing = sorted(name.upper() for name in required if name.upper() not in written)
    assert missing == [], f"app settings missing from function-app.bicep: {missing}"


def test_every_role_the_code_needs_is_assigned(indexed_functions: list[Any]) -> None:
    needs: dict[str, tuple[Path, str]] = {}
    if declared_message_types():
        needs["the outbox relay sends to Service Bus"] = (
            MODULES / "service-bus.bicep",
            "Azure Service Bus Data Sender",
        )
    if service_bus_triggers(indexed_functions):
        needs["queue triggers receive"] = (MODULES / "service-bus.bicep", "Azure Service Bus Data Receiver")
        # The scale controller reads queue lengths as the app's identity to scale from zero.
        needs["the scale controller reads queue lengths"] = (
            MODULES / "service-bus.bicep",
            "Azure Service Bus Data Owner",
        )
    if "storage_blob_url" in AZURE_REQUIRED_SETTINGS:
        needs["files in the blob container"] = (MODULES / "storage.bicep", "Storage Blob Data Owner")
    if "storage_table_url" in AZURE_REQUIRED_SETTINGS:
        needs["tables, created on first use"] = (MODULES / "storage.bicep", "Storage Table Data Contributor")
    if any(fn.trigger in ("orchestrationTrigger", "activityTrigger") for fn in indexed_functions):
        needs["the Durable task hub's queues"] = (MODULES / "storage.bicep", "Storage Queue Data Contributor")
        needs["the Durable task hub's tables"] = (MODULES / "storage.bicep", "Storage Table Data Contributor")
    if "key_vault_url" in AZURE_REQUIRED_SETTINGS or key_vault_references():
        needs["secrets read from Key Vault"] = (MODULES / "key-vault.bicep", "Key Vault Secrets User")
    if "applicationinsights_connection_string" in AZURE_REQUIRED_SETTINGS:
        needs["telemetry with local auth disabled"] = (MODULES / "monitoring.bicep", "Monitoring Metrics Publisher")
    assert len(needs) >= 8, "the derivation found too little to need"
    missing = [
        f"{path.name} must grant {role} ({why})"
        for why, (path, role) in needs.items()
        if role not in assigned_roles(path)
    ]
    assert missing == []


def test_the_blob_container_the_app_names_is_created() -> None:
    expression = function_app_settings()["BLOB_CONTAINER"]
    assert re.fullmatch(r"\w+", expression), "BLOB_CONTAINER must be a module parameter"
    passed = top_level_keys(block_after(read(MAIN), r"^module\s+functionApp\s+'[^']+'\s*=[\s\S]*?params:"))[expression]
    value = re.search(rf"^var {passed} = '([^']+)'$", read(MAIN), re.MULTILINE)
    assert value is not None, f"{passed} must be a literal var of main.bicep"
    Settings(database_url="postgresql://x/y", blob_container=value.group(1))  # a name the settings accept
    storage_call = top_level_keys(block_after(read(MAIN), r"^module\s+storage\s+'[^']+'\s*=[\s\S]*?params:"))
    storage = read(MODULES / "storage.bicep")
    containers = re.findall(r"^\s+(\w+)$", block_after(storage, r"^var containerNames\s*="), re.MULTILINE)
    created = {storage_call[name] for name in containers}
    assert passed in created, f"container {value.group(1)!r} (BLOB_CONTAINER) is not created by storage.bicep"


def test_every_secret_the_app_reads_has_a_command_in_the_guide() -> None:
    guide = read(DEPLOYMENT_GUIDE)
    settings = Settings(database_url="postgresql://x/y")  # the secret names come from the defaults
    secret_names = required_secret_names(settings)
    passed = top_level_keys(block_after(read(MAIN), r"^module\s+functionApp\s+'[^']+'\s*=[\s\S]*?params:"))
    for parameter in key_vault_references().values():
        secret_names.append(str(_main_value(passed[parameter], parameter)))
    missing = [
        name
        for name in secret_names
        if not re.search(rf'az keyvault secret set --vault-name "\$KV" --name {name}\b', guide)
    ]
    assert missing == [], "secrets the deployment guide gives no `az keyvault secret set` command for"


# ----------------------------------------------------------------------------------------
# The app starts with exactly the settings the Bicep writes
# ----------------------------------------------------------------------------------------

PLAUSIBLE_MODULE_INPUTS = {
    "identityClientId": "0c6a5e0e-3f1b-4b7a-9d7e-2b1f4c5d6e7f",
    "identityName": "id-intellifin-prod",
    "storageBlobEndpoint": "https://stintellifinprodabc123.blob.core.windows.net",
    "storageQueueEndpoint": "https://stintellifinprodabc123.queue.core.windows.net",
    "storageTableEndpoint": "https://stintellifinprodabc123.table.core.windows.net",
    "serviceBusFullyQualifiedNamespace": "sb-intellifin-prod-abc123.servicebus.windows.net",
    "keyVaultUri": "https://kv-intellifin-prod-abc12.vault.azure.net/",
    "keyVaultName": "kv-intellifin-prod-abc12",
    "postgresHost": "psql-intellifin-prod-abc123.postgres.database.azure.com",
    "postgresDatabaseName": "intellifin",
    "publicBaseUrl": "https://brave-sea-0123.azurestaticapps.net",
}
"""Values of module outputs that only exist after a deployment, as Azure names them."""

PLAUSIBLE_ENVIRONMENT = {
    "INTELLIFIN_SMTP_USERNAME": "acs-intellifin-prod.0c6a5e0e-3f1b-4b7a-9d7e-2b1f4c5d6e7f.tenant",
    "INTELLIFIN_EMAIL_FROM": "IntelliFin <DoNotReply@0a1b2c3d.azurecomm.net>",
}
"""What an operator exports before deploying (docs/deployment.md)."""

PLAUSIBLE_EXPRESSIONS = {
    "appInsights.properties.ConnectionString": (
        "InstrumentationKey=00000000-0000-0000-0000-000000000000;"
        "IngestionEndpoint=https://southafricanorth-1.in.applicationinsights.azure.com/"
    ),
}
"""Bicep expressions whose value Azure computes."""

RESOLVED_SECRET = "value-resolved-from-key-vault"


def _string_value(body: str, evaluate: Any) -> str:
    """The value of a Bicep string's body, with each `${...}` (strings nested in it too) evaluated."""
    parts, index = [], 0
    while index < len(body):
        if not body.startswith("${", index):
            parts.append(body[index])
            index += 1
            continue
        end, depth, in_string = index + 2, 0, False
        while in_string or depth or body[end] != "}":
            char = body[end]
            if char == "'":
                in_string = not in_string
            elif body.startswith("${", end) or (char == "{" and not in_string):
                depth += 1
            elif char == "}" and depth:
                depth -= 1
            end += 1
        parts.append(str(evaluate(body[index + 2 : end])))
        index = end + 1
    return "".join(parts)


def _main_value(expression: str, parameter: str) -> Any:
    """The value main.bicep passes to function-app.bicep's `parameter` in a prod deployment."""
    values = parameter_values(INFRA / "parameters" / "prod.bicepparam")
    if expression in values and values[expression] not in (REQUIRED, EXPRESSION, None):
        value = values[expression]
        return PLAUSIBLE_ENVIRONMENT[value.variable] if isinstance(value, EnvironmentValue) else value
    literal = re.search(rf"^var {re.escape(expression)} = (.+)$", read(MAIN), re.MULTILINE)
    if literal and bicep_literal(literal.group(1)) is not None:
        return bicep_literal(literal.group(1))
    if parameter in PLAUSIBLE_MODULE_INPUTS:
        return PLAUSIBLE_MODULE_INPUTS[parameter]
    raise AssertionError(f"no plausible value for {parameter} (main.bicep passes {expression}): add one")


def deployed_app_settings() -> dict[str, str]:
    """The app settings as a prod deployment would write them, Key Vault references resolved."""
    module = read(MODULES / "function-app.bicep")
    passed = top_level_keys(block_after(read(MAIN), r"^module\s+functionApp\s+'[^']+'\s*=[\s\S]*?params:"))
    module_params = declared_params(MODULES / "function-app.bicep")

    def evaluate(expression: str) -> Any:
        expression = expression.strip()
        literal = bicep_literal(expression)
        if literal is not None:
            return literal
        if expression.startswith("'") and expression.endswith("'"):
            return _string_value(expression[1:-1], evaluate)
        if expression in PLAUSIBLE_EXPRESSIONS:
            return PLAUSIBLE_EXPRESSIONS[expression]
        call = re.fullmatch(r"(string|uriComponent)\((.+)\)", expression)
        if call:
            inner = str(evaluate(call.group(2)))
            return inner if call.group(1) == "string" else urllib.parse.quote(inner, safe="")
        if expression in module_params:
            return _main_value(passed[expression], expression)
        var = re.search(rf"^var {re.escape(expression)} = (.+)$", module, re.MULTILINE)
        if var:
            conditional = re.fullmatch(r"empty\((\w+)\) \? '' : '(.*)'", var.group(1))
            if conditional:
                return _string_value(conditional.group(2), evaluate) if evaluate(conditional.group(1)) else ""
            return evaluate(var.group(1))
        raise AssertionError(f"cannot evaluate the Bicep expression {expression!r}: teach deployed_app_settings")

    settings = {name: str(evaluate(value)) for name, value in function_app_settings().items()}
    return {
        name: RESOLVED_SECRET if value.startswith("@Microsoft.KeyVault(") else value for name, value in settings.items()
    }


def test_azure_starts_with_exactly_the_settings_the_bicep_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    deployed = deployed_app_settings()
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    for name, value in deployed.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert settings.intellifin_env is Environment.AZURE
    assert settings.queue_backend is QueueBackend.SERVICE_BUS
    assert settings.database_entra_auth is True
    assert settings.database_url == (
        "postgresql://id-intellifin-prod@psql-intellifin-prod-abc123.postgres.database.azure.com:5432/intellifin"
        "?sslmode=require&options=-c%20role%3Dintellifin_owner"
    )
    assert settings.smtp_host == "smtp.azurecomm.net"
    assert settings.smtp_password == RESOLVED_SECRET
    # The adapters the composition root builds from these settings accept them.
    assert isinstance(secrets_from_settings(settings), KeyVaultSecrets)
    blob_store_from_settings(settings)
    table_store_from_settings(settings)
