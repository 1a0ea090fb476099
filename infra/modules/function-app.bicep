// The IntelliFin function app on the Flex Consumption plan (Linux, Python 3.11, v2 model).
// Everything it reaches, it reaches as the user-assigned identity: the deployment package
// and the host's storage, Service Bus, Key Vault references, Application Insights and
// PostgreSQL (an Entra token is the password; see docs/deployment.md).

@description('Function app name (globally unique; it is also the default host name).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Python version of the Functions runtime.')
@allowed([
  '3.11'
  '3.12'
])
param pythonVersion string

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Upper bound of scale-out.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Always-ready instances for HTTP triggers (0 = scale to zero, cold starts possible).')
@minValue(0)
param alwaysReadyHttpInstances int

@description('Always-ready instances for the durable group (orchestrators, activities, entities); at least 1 so an orchestration started after an idle period is picked up at once.')
@minValue(0)
param alwaysReadyDurableInstances int

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client (application) id of the user-assigned identity.')
param identityClientId string

@description('Name of the user-assigned identity; it is the PostgreSQL role the app signs in as.')
param identityName string

@description('Blob endpoint of the storage account, without a trailing slash.')
param storageBlobEndpoint string

@description('Queue endpoint of the storage account, without a trailing slash.')
param storageQueueEndpoint string

@description('Table endpoint of the storage account, without a trailing slash.')
param storageTableEndpoint string

@description('Container that holds the deployment package.')
param deploymentContainerName string

@description('Container for IntelliFin\'s files (receipts, invoice PDFs, exported reports).')
param appContainerName string

@description('Name of the Application Insights component (local auth is disabled on it).')
param appInsightsName string

@description('Fully qualified Service Bus namespace, e.g. sb-x.servicebus.windows.net.')
param serviceBusFullyQualifiedNamespace string

@description('Key Vault URI, e.g. https://kv-x.vault.azure.net/.')
param keyVaultUri string

@description('Key Vault name, for Key Vault references in app settings.')
param keyVaultName string

@description('PostgreSQL host name.')
param postgresHost string

@description('PostgreSQL database name.')
param postgresDatabaseName string

@description('Role every session switches to on connect, so objects created by the app and by operators share one owner. Empty to stay the signed-in role.')
param postgresSessionRole string

@description('Public URL of the web front end (links in e-mails, share links).')
param publicBaseUrl string

@description('SMTP relay host for outgoing mail (the app refuses to start in Azure without one).')
@minLength(1)
param smtpHost string

@description('SMTP port.')
param smtpPort int

@description('SMTP user name; the password is read from the Key Vault secret named smtpPasswordSecretName.')
param smtpUsername string

@description('Key Vault secret that holds the SMTP password.')
param smtpPasswordSecretName string

@description('Sender address of outgoing mail.')
param emailFrom string

@description('Log level of the app.')
@allowed([
  'DEBUG'
  'INFO'
  'WARNING'
  'ERROR'
])
param logLevel string

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// libpq reads `options` at connect time; `-c role=...` is the same as SET ROLE.
var postgresOptions = empty(postgresSessionRole) ? '' : '&options=${uriComponent('-c role=${postgresSessionRole}')}'

// No password in the URL: the app asks the identity for a token of
// https://ossrdbms-aad.database.windows.net/.default and passes it as the password.
var databaseUrl = 'postgresql://${uriComponent(identityName)}@${postgresHost}:5432/${postgresDatabaseName}?sslmode=require${postgresOptions}'

// Flex Consumption scales triggers in groups; `http` and `durable` are group names.
var alwaysReadyGroups = [
  {
    name: 'http'
    instanceCount: alwaysReadyHttpInstances
  }
  {
    name: 'durable'
    instanceCount: alwaysReadyDurableInstances
  }
]
var alwaysReady = filter(alwaysReadyGroups, group => group.instanceCount > 0)

var appSettings = {
  // Functions host storage (also the Durable Functions task hub), by identity.
  AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
  AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
  AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId

  // Telemetry is sent with the identity's Entra token; the connection string only names
  // the component and its ingestion endpoint, since local auth is disabled.
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

  // The connection named ServiceBusConnection of the Service Bus queue triggers.
  ServiceBusConnection__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identityClientId

  // azure-identity in the app picks the user-assigned identity by this id.
  AZURE_CLIENT_ID: identityClientId

  // IntelliFin's own settings (shared_code/platform/settings.py).
  INTELLIFIN_ENV: 'azure'
  DATABASE_URL: databaseUrl
  DATABASE_ENTRA_AUTH: 'true'
  STORAGE_BLOB_URL: storageBlobEndpoint
  STORAGE_TABLE_URL: storageTableEndpoint
  BLOB_CONTAINER: appContainerName
  KEY_VAULT_URL: keyVaultUri
  QUEUE_BACKEND: 'servicebus'
  SERVICE_BUS_NAMESPACE: serviceBusFullyQualifiedNamespace
  PUBLIC_BASE_URL: publicBaseUrl
  LOG_LEVEL: logLevel
  SMTP_HOST: smtpHost
  SMTP_PORT: string(smtpPort)
  SMTP_USERNAME: smtpUsername
  SMTP_PASSWORD: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${smtpPasswordSecretName})'
  SMTP_STARTTLS: 'true'
  EMAIL_FROM: emailFrom
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references in app settings resolve with the user-assigned identity.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}/${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReady
      }
      runtime: {
        name: 'python'
        version: pythonVersion
      }
    }
  }
}

// The whole set of app settings: this replaces whatever was set by hand.
resource appSettingsConfig 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: appSettings
}

// Publishing uses Entra tokens (az CLI, Core Tools), never basic-auth publishing credentials.
// `location` is required here although the docs omit it: ARM rejects the policy without it
// (Azure/bicep-types-az 1317, 1504, 1527; the AVM site module sets it too).
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  location: location
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  location: location
  properties: {
    allow: false
  }
}

output id string = site.id
output name string = site.name
output location string = site.location
output defaultHostname string = site.properties.defaultHostName
