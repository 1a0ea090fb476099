"""Structure checks of the Bicep templates in infra/, read as text.

No Bicep CLI can run here (it is not reachable offline), so these tests stand in for the
parts of `bicep build` that matter most to us: every module and parameter lines up, no
secret or key-based access slips in, and the app gets every setting IntelliFin reads.
They do not prove the templates deploy; `az bicep build` and `what-if` do that
(docs/deployment.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
INFRA = REPO / "infra"
MAIN = INFRA / "main.bicep"
MODULES = INFRA / "modules"
PARAMETER_FILES = sorted((INFRA / "parameters").glob("*.bicepparam"))
BICEP_FILES = sorted(INFRA.rglob("*.bicep"))
SETTINGS_MODULE = REPO / "shared_code" / "platform" / "settings.py"

ROLE_DEFINITIONS = {
    "b7e6dc6d-f1e8-4753-8033-0f276bb0955b": "Storage Blob Data Owner",
    "974c5e8b-45b9-4653-ba55-5f855dd0fb88": "Storage Queue Data Contributor",
    "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3": "Storage Table Data Contributor",
    "ba92f5b4-2d11-453d-a403-e96b0029c9fe": "Storage Blob Data Contributor",
    "3913510d-42f4-4e42-8a64-420c390055eb": "Monitoring Metrics Publisher",
    "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39": "Azure Service Bus Data Sender",
    "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0": "Azure Service Bus Data Receiver",
    "4633458b-17de-408a-b874-0445c86b69e6": "Key Vault Secrets User",
}
"""Built-in role ids, as listed in ../shared/reference/azure-platform.md section 6."""

REQUIRED_ROLES = {
    "Storage Blob Data Owner",
    "Storage Queue Data Contributor",
    "Storage Table Data Contributor",
    "Monitoring Metrics Publisher",
    "Azure Service Bus Data Sender",
    "Azure Service Bus Data Receiver",
    "Key Vault Secrets User",
}

INTELLIFIN_SETTINGS = [
    "INTELLIFIN_ENV",
    "DATABASE_URL",
    "DATABASE_ENTRA_AUTH",
    "STORAGE_BLOB_URL",
    "STORAGE_TABLE_URL",
    "BLOB_CONTAINER",
    "KEY_VAULT_URL",
    "QUEUE_BACKEND",
    "SERVICE_BUS_NAMESPACE",
    "PUBLIC_BASE_URL",
]
"""Settings IntelliFin itself reads in Azure (fields of shared_code/platform/settings.py)."""

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

QUEUE_NAMES = {"notifications", "zra-submissions", "sync-jobs", "reports"}

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
    text = read(MODULES / "function-app.bicep")
    settings = top_level_keys(block_after(text, r"^var appSettings\s*="))
    settings.update(top_level_keys(block_after(text, r"^var smtpSettings\s*=.*:\s*(?=\{)")))
    return settings


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


@pytest.mark.parametrize("path", PARAMETER_FILES, ids=lambda p: p.name)
def test_parameter_file_combinations_are_deployable(path: Path) -> None:
    values = _assigned_values(path)
    if values.get("postgresSkuTier") == "'Burstable'":
        assert values.get("postgresHighAvailability") == "'Disabled'", "Burstable has no HA"
    if values.get("postgresElasticCluster") == "true":
        assert values.get("postgresVersion") == "'17'", "elastic clusters run PostgreSQL 17"
        assert values.get("postgresSkuTier") != "'Burstable'"


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
    assert used_roles >= REQUIRED_ROLES


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


def test_app_settings_include_every_intellifin_and_host_setting() -> None:
    settings = function_app_settings()
    missing = [name for name in INTELLIFIN_SETTINGS + HOST_SETTINGS if name not in settings]
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


def test_intellifin_settings_exist_in_the_settings_model() -> None:
    fields = set(re.findall(r"^    (\w+): ", read(SETTINGS_MODULE), re.MULTILINE))
    unknown = [name for name in INTELLIFIN_SETTINGS if name.lower() not in fields]
    assert unknown == []


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


def test_queue_names_are_the_four_relay_queues() -> None:
    block = block_after(read(MAIN), r"^var serviceBusQueueNames\s*=")
    assert set(re.findall(r"'([^']+)'", block)) == QUEUE_NAMES
    assert "queueNames: serviceBusQueueNames" in read(MAIN)


def test_every_queue_trigger_listens_on_a_deployed_queue() -> None:
    triggers = set()
    for path in (REPO / "functions").glob("*.py"):
        triggers.update(re.findall(r"queue_name=\"([^\"]+)\"", read(path)))
    assert sorted(triggers - QUEUE_NAMES) == []


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
