// IntelliFin on Azure: one resource group per environment.
//
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/parameters/dev.bicepparam
//
// Identity-based throughout: the function app runs as one user-assigned managed identity
// that holds data-plane roles on storage, Service Bus, Key Vault and Application Insights
// and is an Entra administrator of PostgreSQL. No keys, passwords or connection strings
// with secrets are created or stored. See docs/deployment.md.

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------

@description('Environment name; part of every resource name.')
@allowed([
  'dev'
  'prod'
])
param environmentName string

@description('Short lowercase application name (letters only); part of every resource name.')
@minLength(3)
@maxLength(12)
param appName string = 'intellifin'

@description('Region of everything except the Static Web App. It must offer Flex Consumption and, for prod, availability zones for zone-redundant PostgreSQL (docs/deployment.md, "Region").')
param location string = resourceGroup().location

@description('Region of the Static Web App (it exists in a few regions only).')
@allowed([
  'westus2'
  'centralus'
  'eastus2'
  'westeurope'
  'eastasia'
])
param staticWebAppLocation string = 'westeurope'

@description('Extra tags for every resource.')
param tags object = {}

@description('Days Log Analytics keeps data.')
param logRetentionInDays int = 30

@description('Storage replication.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSkuName string = 'Standard_LRS'

@description('Days a deleted blob or container can be restored.')
param blobDeleteRetentionDays int = 7

@description('Days a deleted Key Vault or secret can be recovered.')
param keyVaultSoftDeleteRetentionInDays int = 90

@description('PostgreSQL major version. Elastic clusters need 17.')
param postgresVersion string = '16'

@description('PostgreSQL compute SKU.')
param postgresSkuName string = 'Standard_B1ms'

@description('PostgreSQL compute tier; Burstable for dev, GeneralPurpose for prod.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'Burstable'

@description('PostgreSQL storage in GiB.')
param postgresStorageSizeGB int = 32

@description('PostgreSQL high availability; Burstable allows only Disabled.')
@allowed([
  'Disabled'
  'SameZone'
  'ZoneRedundant'
])
param postgresHighAvailability string = 'Disabled'

@description('Days of PostgreSQL point-in-time restore (7 dev, 35 prod).')
@minValue(7)
@maxValue(35)
param postgresBackupRetentionDays int = 7

@description('Keep PostgreSQL backups in the paired region too.')
param postgresGeoRedundantBackup bool = false

@description('Create PostgreSQL as an elastic cluster (managed Citus, schema-based sharding of tenant schemas). Needs GeneralPurpose or MemoryOptimized compute and postgresVersion 17; the database is then `postgres`.')
param postgresElasticCluster bool = false

@description('Nodes of the elastic cluster.')
param postgresElasticClusterSize int = 2

@description('Extensions the migrations may create (azure.extensions allow-list).')
param postgresExtensions string[] = [
  'pgcrypto'
  'citext'
  'pg_trgm'
]

@description('Allow PostgreSQL connections from Azure-hosted addresses (needed without a VNet). Entra authentication is still required.')
param postgresAllowAzureServices bool = true

@description('Public IPv4 addresses of operators allowed to reach PostgreSQL.')
param postgresOperatorIpAddresses string[] = []

@description('Object id of the Entra group (or user) whose members administer PostgreSQL; without one nobody can run the migrations or create the session role.')
@minLength(1)
param postgresOperatorPrincipalId string

@description('Display name of that group or user; it is the PostgreSQL role name operators sign in with.')
@minLength(1)
param postgresOperatorPrincipalName string

@description('Whether the operator principal is a group or a user.')
@allowed([
  'Group'
  'User'
])
param postgresOperatorPrincipalType string = 'Group'

@description('NOLOGIN role that owns IntelliFin\'s schemas; app sessions switch to it on connect (docs/deployment.md). Empty to keep the identity\'s own role.')
param postgresSessionRole string = ''

@description('Memory of each function app instance in MB.')
@allowed([
  512
  2048
  4096
])
param functionInstanceMemoryMB int = 2048

@description('Upper bound of function app scale-out.')
param functionMaximumInstanceCount int = 40

@description('Always-ready instances for HTTP (0 = scale to zero).')
param functionAlwaysReadyHttpInstances int = 0

@description('Always-ready instances for the durable group; Microsoft recommends at least 1 for Durable Functions on Flex Consumption.')
param functionAlwaysReadyDurableInstances int = 1

@description('Link the function app to the Static Web App as its backend (SWA proxies /api/... to it). See docs/deployment.md, "The API behind the Static Web App", before turning it off.')
param staticWebAppLinkedBackend bool = true

@description('Public URL of the web front end when it has a custom domain; empty means the Static Web App\'s default host name.')
param publicBaseUrl string = ''

@description('SMTP relay host for outgoing mail, e.g. smtp.azurecomm.net (Azure Communication Services). Required: sign-up depends on the verification e-mail.')
@minLength(1)
param smtpHost string

@description('SMTP port (587 with STARTTLS).')
param smtpPort int = 587

@description('SMTP user name (for Azure Communication Services, the SMTP username resource; docs/deployment.md).')
@minLength(1)
param smtpUsername string

@description('Key Vault secret that holds the SMTP password (set it with az keyvault secret set).')
param smtpPasswordSecretName string = 'smtp-password'

@description('Sender of outgoing mail, e.g. IntelliFin <DoNotReply@xxxx.azurecomm.net>.')
@minLength(1)
param emailFrom string

@description('Log level of the app.')
@allowed([
  'DEBUG'
  'INFO'
  'WARNING'
  'ERROR'
])
param logLevel string = 'INFO'

// ---------------------------------------------------------------------------------------
// Names and constants
// ---------------------------------------------------------------------------------------

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))

var names = {
  identity: 'id-${appName}-${environmentName}'
  workspace: 'log-${appName}-${environmentName}'
  appInsights: 'appi-${appName}-${environmentName}'
  storage: take('st${appName}${environmentName}${resourceToken}', 24)
  serviceBus: 'sb-${appName}-${environmentName}-${resourceToken}'
  keyVault: take('kv-${appName}-${environmentName}-${resourceToken}', 24)
  postgres: 'psql-${appName}-${environmentName}-${resourceToken}'
  plan: 'plan-${appName}-${environmentName}'
  functionApp: 'func-${appName}-${environmentName}-${take(resourceToken, 8)}'
  staticWebApp: 'swa-${appName}-${environmentName}'
}

var defaultTags = {
  application: 'intellifin'
  environment: environmentName
}
var allTags = union(defaultTags, tags)

var deploymentContainerName = 'deployments'
var appContainerName = 'intellifin'
var postgresDatabaseName = 'intellifin'

// The queues the outbox relay sends to and the queue triggers in functions/ listen on.
// tests/unit/test_infra.py derives this list from the code and fails when they differ.
var serviceBusQueueNames = [
  'mobile-money'
  'notifications'
  'reports'
  'zra'
]
var serviceBusMaxDeliveryCount = 10

// ---------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: allTags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    location: location
    tags: allTags
    retentionInDays: logRetentionInDays
    appPrincipalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: allTags
    skuName: storageSkuName
    deploymentContainerName: deploymentContainerName
    appContainerName: appContainerName
    deleteRetentionDays: blobDeleteRetentionDays
    appPrincipalId: identity.outputs.principalId
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'service-bus'
  params: {
    name: names.serviceBus
    location: location
    tags: allTags
    queueNames: serviceBusQueueNames
    maxDeliveryCount: serviceBusMaxDeliveryCount
    messageTimeToLive: 'P14D'
    lockDuration: 'PT1M'
    appPrincipalId: identity.outputs.principalId
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    name: names.keyVault
    location: location
    tags: allTags
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
    appPrincipalId: identity.outputs.principalId
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    name: names.postgres
    location: location
    tags: allTags
    version: postgresVersion
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageSizeGB: postgresStorageSizeGB
    highAvailabilityMode: postgresHighAvailability
    backupRetentionDays: postgresBackupRetentionDays
    geoRedundantBackup: postgresGeoRedundantBackup
    elasticCluster: postgresElasticCluster
    elasticClusterSize: postgresElasticClusterSize
    databaseName: postgresDatabaseName
    extensions: postgresExtensions
    allowAzureServices: postgresAllowAzureServices
    operatorIpAddresses: postgresOperatorIpAddresses
    appPrincipalId: identity.outputs.principalId
    appPrincipalName: identity.outputs.name
    operatorPrincipalId: postgresOperatorPrincipalId
    operatorPrincipalName: postgresOperatorPrincipalName
    operatorPrincipalType: postgresOperatorPrincipalType
  }
}

module staticWebApp 'modules/static-web-app.bicep' = {
  name: 'static-web-app'
  params: {
    name: names.staticWebApp
    location: staticWebAppLocation
    tags: allTags
  }
}

var effectivePublicBaseUrl = empty(publicBaseUrl) ? 'https://${staticWebApp.outputs.defaultHostname}' : publicBaseUrl

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: allTags
    pythonVersion: '3.11'
    instanceMemoryMB: functionInstanceMemoryMB
    maximumInstanceCount: functionMaximumInstanceCount
    alwaysReadyHttpInstances: functionAlwaysReadyHttpInstances
    alwaysReadyDurableInstances: functionAlwaysReadyDurableInstances
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    identityName: identity.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    appContainerName: appContainerName
    appInsightsName: monitoring.outputs.appInsightsName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    keyVaultUri: keyVault.outputs.uri
    keyVaultName: keyVault.outputs.name
    postgresHost: postgres.outputs.fqdn
    postgresDatabaseName: postgres.outputs.databaseName
    postgresSessionRole: postgresSessionRole
    publicBaseUrl: effectivePublicBaseUrl
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpUsername: smtpUsername
    smtpPasswordSecretName: smtpPasswordSecretName
    emailFrom: emailFrom
    logLevel: logLevel
  }
}

module staticWebAppBackend 'modules/static-web-app-backend.bicep' = if (staticWebAppLinkedBackend) {
  name: 'static-web-app-backend'
  params: {
    staticWebAppName: staticWebApp.outputs.name
    functionAppId: functionApp.outputs.id
    functionAppLocation: functionApp.outputs.location
  }
}

// ---------------------------------------------------------------------------------------
// Outputs (read them with: az deployment group show -g <rg> -n main --query properties.outputs)
// ---------------------------------------------------------------------------------------

output functionAppName string = functionApp.outputs.name
output functionAppHostname string = functionApp.outputs.defaultHostname
output staticWebAppName string = staticWebApp.outputs.name
output staticWebAppHostname string = staticWebApp.outputs.defaultHostname
output publicBaseUrl string = effectivePublicBaseUrl
output keyVaultName string = keyVault.outputs.name
output keyVaultUri string = keyVault.outputs.uri
output postgresServerName string = postgres.outputs.name
output postgresFqdn string = postgres.outputs.fqdn
output postgresDatabaseName string = postgres.outputs.databaseName
output postgresAppRoleName string = identity.outputs.name
output identityName string = identity.outputs.name
output identityClientId string = identity.outputs.clientId
output identityPrincipalId string = identity.outputs.principalId
output storageAccountName string = storage.outputs.name
output deploymentContainerName string = deploymentContainerName
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace
output staticWebAppBackendName string = staticWebAppLinkedBackend ? staticWebAppBackend!.outputs.backendName : ''
